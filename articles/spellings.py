"""British and American spellings of the same word, so that a reader who writes
"tumour" finds an article that says "tumor", and back.

Patients write both, and an article uses one. The search expands each word of the
QUERY to its other spellings (articles/public/search.py), never the stored text: the
list can grow without re-indexing a single article. Plurals and other endings need no
entry: the search's stemmer (PostgreSQL's English configuration, SQLite FTS5's porter
tokenizer) reduces "tumours" to "tumour" on both sides, and the stems below are
matched at the start of a word, so "tumours" also gives "tumors".

A variant that is not a real word ("exercize" from the -ise rule) costs one more
alternative in the query and finds nothing; an entry should never turn one real word
into a different real one.

The list is English: on PostgreSQL only the query for English versions is widened
(Spanish ones are asked the words as typed). SQLite has one index for every language,
and there a Spanish word that happens to start like an entry ("hemorragia") gains an
alternative that finds nothing.
"""

# (British, American) beginnings of words, each way round: "tumours" gives "tumors"
# and "tumors" gives "tumours".
STEMS = [
    ("tumour", "tumor"),
    ("oesophag", "esophag"),
    ("haem", "hem"),  # haematology, haemoglobin, haemorrhage, haemophilia
    ("anaem", "anem"),
    ("leukaem", "leukem"),
    ("septicaem", "septicem"),
    ("hypoglycaem", "hypoglycem"),
    ("hyperglycaem", "hyperglycem"),
    ("oestr", "estr"),  # oestrogen, oestradiol
    ("paediatr", "pediatr"),
    ("orthopaed", "orthoped"),
    ("gynaecolog", "gynecolog"),
    ("foet", "fet"),  # foetus, foetal
    ("oedema", "edema"),
    ("diarrhoea", "diarrhea"),
    ("anaesthe", "anesthe"),
    ("dyspnoea", "dyspnea"),
    ("coeliac", "celiac"),
    ("caesarean", "cesarean"),
    ("travell", "travel"),
    ("labell", "label"),
    ("modell", "model"),
    ("counsell", "counsel"),
    ("centre", "center"),
    ("fibre", "fiber"),
    ("litre", "liter"),
    ("millimetre", "millimeter"),
    ("centimetre", "centimeter"),
    ("behaviour", "behavior"),
    ("favour", "favor"),
    ("colour", "color"),
    ("labour", "labor"),
    ("programme", "program"),
    ("grey", "gray"),
]

# (British, American) endings: organise/organize, analyse/analyze and their forms.
# Only words this long take them, so that "size" or "rise" are left alone.
ENDINGS = [
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
]
MIN_ENDING_WORD = 7


def variants(word):
    """`word` (lower case) and its other spellings, `word` first, each once."""
    found = [word]
    # British first, and only one way per pair: "travellers" also starts with "travel".
    for british, american in STEMS:
        if word.startswith(british):
            found.append(american + word[len(british) :])
        elif word.startswith(american):
            found.append(british + word[len(american) :])
    if len(word) >= MIN_ENDING_WORD:
        for british, american in ENDINGS:
            if word.endswith(british):
                found.append(word[: -len(british)] + american)
            elif word.endswith(american):
                found.append(word[: -len(american)] + british)
    return list(dict.fromkeys(found))
