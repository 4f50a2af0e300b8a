"""The trained model's files, read into the monolith: data only, each file checked before use.

What this teaches: a model file is input like any request, so it is checked like one. `make
train` (the ML side of the repository) writes JSON and NumPy arrays, and a `metadata.json` that
records each file's SHA-256. This module opens only the files a model needs (`metadata.json`
cannot point anywhere else), refuses any whose bytes do not match their hash, and refuses
numbers that are not finite (NaN, infinity): each with a one-line reason saying what to do.

The ML service checks its files the same way with its own code: the twins share data, not code.
"""

import hashlib
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

# The artifact format this code reads; `make train` writes the same number into metadata.json.
FORMAT_VERSION = "1"
FILES = {
    "content": ("catalog.json", "vocabulary.json", "vectors.npz"),
    "popularity": ("catalog.json", "scores.npz"),
}
METADATA = "metadata.json"


class ModelUnavailable(Exception):
    """The model's files cannot be used. The message says which file, why, and what to do."""


def _finite(text: str) -> float:
    number = float(text)  # 1e999 is a valid JSON number, and infinity as a float
    if not math.isfinite(number):
        raise ValueError(f"{text} is not a finite number")
    return number


def _not_json(name: str) -> float:
    raise ValueError(f"{name} is not a number in JSON")


def decode_json(data: bytes) -> Any:
    """JSON as the standard has it. Python's `json` also reads NaN and Infinity, which JSON has
    not: a NaN rating or score is no error until it is compared or shown, and then it is wrong."""
    return json.loads(data, parse_constant=_not_json, parse_float=_finite)


class ModelFiles:
    """The verified bytes of one model's files, decoded on request."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def json(self, file: str) -> Any:
        try:
            return decode_json(self.files[file])
        except ValueError as exc:
            raise ValueError(f"{file} is not valid JSON ({exc})") from exc

    def arrays(self, file: str) -> dict[str, np.ndarray]:
        # allow_pickle=False: NumPy refuses anything but plain arrays, so no file can run code.
        with np.load(io.BytesIO(self.files[file]), allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
        for key, array in arrays.items():
            # A NaN score is never above zero: the model would load, and never recommend anything.
            if array.dtype.kind in "fc" and not np.isfinite(array).all():
                raise ValueError(
                    f"{file} holds numbers that are not finite (NaN or infinity) in `{key}`"
                )
        return arrays


def metadata_problem(metadata: Any) -> str | None:
    """What makes `metadata` unlike the fields the monolith reads from it, or None."""
    if not isinstance(metadata, dict):
        return "not a JSON object"
    for key in ("model", "version"):
        if not isinstance(metadata.get(key), str):
            return f"{key} should be text"
    recorded = metadata.get("artifacts")
    if not isinstance(recorded, dict) or not all(isinstance(h, str) for h in recorded.values()):
        return "artifacts should map each file to its sha256"
    return None


def read_verified(folder: Path, name: str) -> ModelFiles:
    """Model `name`'s files in `folder`, each checked against metadata.json."""
    try:
        metadata = decode_json((folder / METADATA).read_bytes())
    except FileNotFoundError:
        raise ModelUnavailable(f"no trained model in {folder}; run make train") from None
    except ValueError:  # UnicodeDecodeError is one too
        raise ModelUnavailable(f"{folder / METADATA} is not valid JSON; run make train") from None
    except OSError as exc:
        raise ModelUnavailable(f"cannot read {folder / METADATA}: {exc.strerror}") from None
    if problem := metadata_problem(metadata):
        raise ModelUnavailable(
            f"{folder / METADATA} is not what make train writes ({problem}); run make train"
        )
    if metadata["model"] != name or metadata["version"] != FORMAT_VERSION:
        raise ModelUnavailable(
            f"{folder} holds {metadata['model']} version {metadata['version']}, the "
            f"monolith reads {name} version {FORMAT_VERSION}; run make train"
        )
    recorded = metadata["artifacts"]
    files = {}
    for file in FILES[name]:
        path = folder / file
        if not path.is_file():
            raise ModelUnavailable(f"refusing to load {path}: it is missing; run make train")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ModelUnavailable(f"cannot read {path}: {exc.strerror}") from None
        if hashlib.sha256(data).hexdigest() != recorded.get(file):
            raise ModelUnavailable(
                f"refusing to load {path}: it does not match its sha256 in {METADATA}; "
                "run make train"
            )
        files[file] = data
    return ModelFiles(files)
