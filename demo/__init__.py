"""The instructor's live demo: CourseHub's whole story, lesson by lesson, on real servers.

    make demo                     every step, waiting for Enter between steps
    make demo LESSON=05           only lesson 05's steps
    make demo ARGS=--no-pause     straight through (also when standard input is not a terminal)

What it is for: a class watches both architectures answer, one HTTP exchange at a time, in
the order the lessons tell the story (01 the monolith ... 08 the model behind its own API).
Every program it needs starts at once, each on its own port, so no step ever restarts one:

    programs.py   what runs: three monoliths, two catalog APIs, two ML services, two frontends
    ports.py      which port each one takes (overridable by environment variables), all free?
    servers.py    starting them side by side, waiting until each answers, stopping them all
    context.py    what a step can do: send a request, run a command, stop a program
    show.py       how an exchange is drawn on the screen (rich), readable from the back row
    steps.py      a step: its lesson, its title, its narration (the docstring) and its checks
    story_*.py    the steps themselves, in the lessons' order
    pause.py      Enter for the next step, `b` to show this one again, `q` to stop
    __main__.py   all of it together: `python -m demo`

Each step checks that what happened is what its narration says; the first step that does not
ends the demo with exit status 1, naming the step and what was seen. Every program is stopped
on the way out, whatever the way: the end, `q`, Ctrl-C, or a failing step.
"""
