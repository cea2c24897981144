"""Running a task's enqueued runs inside a test's own transaction. The worker
(`manage.py db_worker`) closes and reopens its database connections, which only
transactional tests allow; a test that keeps its transaction (and with it what the
on_commit hooks enqueued) runs the due runs of a task here instead, one by one as the
worker does, each marked successful when it returns."""

from django_tasks_db.models import DBTaskResult


def run_enqueued(task):
    """Run each due run of `task` that is waiting, oldest first; returns how many ran."""
    due = DBTaskResult.objects.ready().filter(task_path=task.module_path).order_by("enqueued_at")
    ran = 0
    for result in due:
        result.claim("tests")
        result.set_successful(task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"]))
        ran += 1
    return ran
