"""Indicators of « Données »: how fresh SIECLE and STS-web are, and the anomalies behind them.

All of them come from :func:`pilote.schooldata.quality.measure`, a few grouped queries for any
number of schools. An anomaly whose source was never imported is « non évalué ». The freshness
thresholds of ``referentials/indicateurs.yaml`` are the default freshness of a school
(:data:`~pilote.schooldata.quality.DEFAULT_FRESHNESS_DAYS`) and twice it; its description
quotes the constant.
"""

from pilote.core.metrics import declared, register

from .quality import DEFAULT_FRESHNESS_DAYS, measure


@register(*declared("schooldata", freshness_days=DEFAULT_FRESHNESS_DAYS).values())
def data_indicators(schools):
    return measure(schools)
