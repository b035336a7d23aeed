"""The whole of a school's imported data, to prove that a reverted import leaves the database
exactly as it was: every row of every model with history and a ``school`` field (all its
columns), and every many-to-many pair of those rows."""

from pilote.core.revert import school_models


def school_state(school) -> dict[str, list]:
    state = {}
    for model, _history in school_models():
        rows = model._default_manager.filter(school=school)
        columns = [field.attname for field in model._meta.concrete_fields]
        state[model._meta.label] = sorted(rows.values_list(*columns), key=repr)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            owner = field.m2m_field_name() + "_id"
            target = field.m2m_reverse_field_name() + "_id"
            pairs = through.objects.filter(**{f"{owner[:-3]}__school": school})
            state[through._meta.label] = sorted(pairs.values_list(owner, target))
    return state
