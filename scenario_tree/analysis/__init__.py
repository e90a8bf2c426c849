"""Analysis: which numbers matter, where the choice flips, how sure we are, what evidence and information are worth.

Every analysis runs on the compiled tree with many sets of numbers at once (one column per swept
value, tornado end or Monte Carlo sample), decisions staying games (each maximises its own actor's
value in every column), and returns a :class:`~scenario_tree.analysis.results.Result` with
``to_dict()`` and ``to_frame()``. :mod:`~scenario_tree.analysis.charts` draws them.
"""

from ..errors import AnalysisError
from .evidence import Posterior, posterior
from .imperfect import Evii, evii
from .information import Evpi, evpi
from .montecarlo import MonteCarlo, monte_carlo
from .pooling import Comparison, compare, pool
from .quantities import DEFAULT_SWING, Quantity, quantities, quantity
from .results import Result
from .reversal import bayes_reversal
from .scenarios import ScenarioComparison, compare_scenarios
from .sensitivity import DEFAULT_POINTS, Flip, OneWay, one_way
from .tornado import Spider, Tornado, TornadoBar, TwoWay, spider, tornado, two_way

__all__ = [
    "DEFAULT_POINTS",
    "DEFAULT_SWING",
    "AnalysisError",
    "Comparison",
    "Evii",
    "Evpi",
    "Flip",
    "MonteCarlo",
    "OneWay",
    "Posterior",
    "Quantity",
    "Result",
    "ScenarioComparison",
    "Spider",
    "Tornado",
    "TornadoBar",
    "TwoWay",
    "bayes_reversal",
    "compare",
    "compare_scenarios",
    "evii",
    "evpi",
    "monte_carlo",
    "one_way",
    "pool",
    "posterior",
    "quantities",
    "quantity",
    "spider",
    "tornado",
    "two_way",
]
