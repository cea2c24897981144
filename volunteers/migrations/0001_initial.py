

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='VolunteerOffer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('email', models.EmailField(db_index=True, max_length=254)),
                ('kind', models.CharField(choices=[('health_professional', 'Health professional'), ('patient_advocate', 'Trained patient advocate'), ('other', 'Other')], max_length=30, verbose_name='which they are')),
                ('role', models.CharField(max_length=300, verbose_name='role or qualification, and where')),
                ('areas', models.TextField(max_length=1000, verbose_name='areas of cancer they know')),
                ('languages', models.CharField(help_text='Language codes, separated by spaces.', max_length=20, verbose_name='languages they review in')),
                ('note', models.TextField(blank=True, max_length=2000)),
                ('consented_at', models.DateTimeField(help_text='When they agreed that XRAYS may store this to contact them.')),
                ('language', models.CharField(help_text='Emails to them are written in it.', max_length=10, verbose_name='language of the form')),
                ('received_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('status', models.CharField(choices=[('new', 'New'), ('invited', 'Invited to review an article'), ('account_created', 'Account created'), ('declined', 'Declined')], db_index=True, default='new', max_length=20)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('editor_note', models.TextField(blank=True, help_text='For editors only; never sent to the volunteer.')),
                ('email_status', models.CharField(blank=True, choices=[('', '—'), ('queued', 'Queued'), ('sent', 'Sent'), ('failed', 'Failed')], default='', max_length=10)),
                ('email_sent_at', models.DateTimeField(blank=True, null=True)),
                ('email_error', models.CharField(blank=True, max_length=500)),
                ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('preview_link', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.previewlink')),
            ],
            options={
                'verbose_name': 'volunteer offer',
                'ordering': ['-received_at'],
                'permissions': [('create_reviewer_account', 'Can create reviewer accounts from volunteer offers')],
            },
        ),
    ]
