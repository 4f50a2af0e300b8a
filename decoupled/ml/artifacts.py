"""Model artifacts on disk: written byte for byte the same way, read back only if unchanged.

What this teaches: how to ship a trained model safely. The usual shortcut, `pickle` (and
`joblib`), stores Python objects by recording how to rebuild them, so loading a pickle can
run any code its author chose: a swapped model file becomes a way into the server. Here a
model is only numbers and text:

* arrays go in `.npz` files, read with `allow_pickle=False` (NumPy refuses anything but
  plain arrays), and everything else in JSON, which is data and nothing more;
* `metadata.json` records each file's SHA-256 at training time, and `load` refuses a file
  whose bytes do not match (a half-written, corrupted or swapped artifact never serves).

The hashes catch accidents and mismatched files; the formats are what make even a hostile
file harmless. `encode_arrays` writes its own zip because `np.savez` stamps each member with
the current time, and then two trainings on the same data would never be byte-identical.

The files are input like any request, so they are checked like one, at start-up, and refused
with a one-line reason: `metadata.json` must have the shape `GET /v1/model` serves (its
`ModelInfo` schema), and every number must be finite. NumPy and Python's `json` both accept
NaN and infinity (JSON itself has no such values), and a NaN is no error until it is
compared: then no course scores above zero, and every answer comes back empty.
"""

import hashlib
import io
import json
import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from decoupled.ml.schemas import ModelInfo

METADATA = "metadata.json"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can record


class ArtifactError(RuntimeError):
    """The model on disk cannot be used; the message says what to do."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shown(path: Path) -> str:
    """`path` as the reader typed it: relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _finite(text: str) -> float:
    number = float(text)  # 1e999 is a valid JSON number, and infinity as a float
    if not math.isfinite(number):
        raise ValueError(f"{text} is not a finite number")
    return number


def _not_json(name: str) -> float:
    raise ValueError(f"{name} is not a number in JSON")


def decode_json(data: bytes) -> Any:
    """JSON as the standard has it: no NaN, Infinity or numbers too large for a float."""
    return json.loads(data, parse_constant=_not_json, parse_float=_finite)


def encode_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def encode_arrays(arrays: dict[str, np.ndarray]) -> bytes:
    """An `.npz` file (a zip of `.npy` files) that depends only on the arrays."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(
                member, np.ascontiguousarray(arrays[name]), allow_pickle=False
            )
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


class Artifacts:
    """The verified files of one model, decoded on request."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def json(self, name: str) -> Any:
        try:
            return decode_json(self.files[name])
        except ValueError as exc:
            raise ValueError(f"{name} is not valid JSON ({exc})") from exc

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        with np.load(io.BytesIO(self.files[name]), allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
        for key, array in arrays.items():
            if array.dtype.kind in "fc" and not np.isfinite(array).all():
                raise ValueError(
                    f"{name} holds numbers that are not finite (NaN or infinity) in `{key}`"
                )
        return arrays


def save(folder: Path, files: dict[str, bytes], metadata: dict[str, Any]) -> dict[str, Any]:
    """Write the files, then `metadata.json` with their hashes; return the metadata."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    metadata = metadata | {"artifacts": {name: sha256(data) for name, data in files.items()}}
    # Written last: until it is, a half-written model fails its hash check instead of loading.
    text = json.dumps(metadata, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    (folder / METADATA).write_text(text, encoding="utf-8")
    return metadata


def load(
    model_dir: Path, name: str, version: str, expected: tuple[str, ...]
) -> tuple[Artifacts, dict[str, Any]]:
    """Read model `name` from `model_dir`, checking its metadata, version and every file's hash."""
    folder = model_dir / name
    try:
        metadata = decode_json((folder / METADATA).read_bytes())
    except FileNotFoundError:
        raise ArtifactError(f"No model in {shown(model_dir)}; run make train") from None
    except ValueError:  # UnicodeDecodeError is one too
        raise ArtifactError(
            f"{shown(folder / METADATA)} is not valid JSON; run make train"
        ) from None
    if problem := metadata_problem(metadata):
        raise ArtifactError(
            f"{shown(folder / METADATA)} is not what make train writes ({problem}); run make train"
        )
    if metadata["model"] != name or metadata["version"] != version:
        raise ArtifactError(
            f"{shown(folder)} holds {metadata['model']} version {metadata['version']}, "
            f"this code reads {name} version {version}; run make train"
        )
    files = {}
    for file in expected:  # only the names the model asks for: metadata cannot point elsewhere
        path = folder / file
        data = path.read_bytes() if path.is_file() else None
        if data is None or metadata["artifacts"].get(file) != sha256(data):
            problem = "is missing" if data is None else "does not match its sha256 in metadata.json"
            raise ArtifactError(f"Refusing to load {shown(path)}: it {problem}; run make train")
        files[file] = data
    return Artifacts(files), metadata


def metadata_problem(metadata: Any) -> str | None:
    """What makes `metadata` unlike the `ModelInfo` that `GET /v1/model` serves, or None."""
    if not isinstance(metadata, dict):
        return "not a JSON object"
    try:
        ModelInfo.model_validate(metadata)
    except ValidationError as exc:
        error = exc.errors()[0]  # one line: the first problem is enough to know to retrain
        return f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
    return None
