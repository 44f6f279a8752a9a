"""Parameter sweeps whose every case costs a whole check or build: the first case runs in the quick
loop (`pytest -m "not slow"`), the others in the full suite only."""
import pytest


def first_fast(cases: list) -> list:
    """`cases` for `pytest.mark.parametrize`, every case after the first marked slow (a tuple is
    one case of several arguments)."""
    def slow(case):
        return pytest.param(*case, marks=pytest.mark.slow) if isinstance(case, tuple) else \
            pytest.param(case, marks=pytest.mark.slow)
    return [cases[0], *(slow(case) for case in cases[1:])]
