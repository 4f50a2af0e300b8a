"""The ML service: a recommender served by its own API, with no database behind it.

What this teaches: an API in front of a machine-learning model follows the same rules
as any API, except that behind it sits a trained model instead of a database. The pieces:

* `train.py` (`make train`) learns from `data/courses.json`, offline, and writes artifacts;
* `popularity.py` and `content.py` are the two models, behind the `Recommender` interface
  of `recommender.py`;
* `artifacts.py` stores and loads them safely (no pickle, every file's hash checked);
* `evaluate.py` (`make evaluate`) measures how good their suggestions are;
* `main.py` (`make ml`) is the FastAPI app that loads one model at start-up and answers.
"""
