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
"""

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

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
        return json.loads(self.files[name])

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        with np.load(io.BytesIO(self.files[name]), allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}


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
    """Read model `name` from `model_dir`, checking its version and every file's hash."""
    folder = model_dir / name
    try:
        metadata = json.loads((folder / METADATA).read_text(encoding="utf-8"))
        if not isinstance(metadata, dict):
            raise ValueError(metadata)
    except FileNotFoundError:
        raise ArtifactError(f"No model in {shown(model_dir)}; run make train") from None
    except (ValueError, UnicodeDecodeError):
        raise ArtifactError(
            f"{shown(folder / METADATA)} is not valid JSON; run make train"
        ) from None
    if metadata.get("model") != name or metadata.get("version") != version:
        raise ArtifactError(
            f"{shown(folder)} holds {metadata.get('model')} version {metadata.get('version')}, "
            f"this code reads {name} version {version}; run make train"
        )
    files = {}
    for file in expected:  # only the names the model asks for: metadata cannot point elsewhere
        path = folder / file
        recorded = metadata.get("artifacts", {}).get(file)
        data = path.read_bytes() if path.is_file() else None
        if data is None or recorded != sha256(data):
            problem = "is missing" if data is None else "does not match its sha256 in metadata.json"
            raise ArtifactError(f"Refusing to load {shown(path)}: it {problem}; run make train")
        files[file] = data
    return Artifacts(files), metadata
