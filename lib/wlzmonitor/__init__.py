"""wlz-monitor: the analysis library behind the ActiZ Wlz-zorgcontractering survey report."""

__version__ = "0.1.0"
