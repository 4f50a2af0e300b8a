"""The exercises' checks: `make check EX=04.1` tells a learner whether an exercise is done.

Each exercise of the lessons' "Your turn" sections has a check in `checks/ex_NN_N.py` (an
`EXERCISE` and a `check()` function) and a reference solution, a patch, in
`lessons/solutions/NN.N.patch`. A check says in plain words what is still missing, never with
a traceback. The checks are not part of the test suite (they fail on the starting code, by
design); `test_exercises_are_honest.py` is: it proves in a temporary copy of the repository that
each check fails on the starting code and passes once the reference solution is applied.

    python -m tests.exercises check [EX]      (make check, make check EX=04.1)
    python -m tests.exercises solution EX     (make solution EX=04.1)
    python -m tests.exercises reset EX        (make reset-exercise EX=04.1)
"""
