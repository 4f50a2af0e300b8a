"""The helpers of tests/lessons/test_lesson_commands.py, which runs every command a lesson gives.

In the order a reader meets them:

- parse.py     reads the lessons into code blocks, prose and commands (with the output shown);
- output.py    compares what a command prints with what the lesson shows: `...`, placeholders;
- kinds.py     sorts each command into a kind the tests know how to run, and lists the kinds;
- makefile.py  reads the Makefile and runs make as the tests do;
- programs.py  the three servers, the copies of them, free ports, status codes, stopping;
- servers.py   starts the live programs on free ports with temporary data, training once;
- run.py       runs one lesson's live commands in its order, as a learner would;
- harness.py   runs each live kind of command once, until a lesson runs one like it.
"""
