"""Generation metadata inside image files: written so other tools read it, read from theirs.

PNG gets a `parameters` text chunk in A1111's exact format (which most tools understand)
plus `mmpp_recipe` with the full recipe; JPEG/WebP get the same text in EXIF UserComment.
Reading accepts this app, A1111, Fooocus (JSON and A1111 schemes), InvokeAI and ComfyUI.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from mmpp_desktop.core.atomic import atomic_write_bytes
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.core.types import GenerationRequest

log = logging.getLogger(__name__)

RECIPE_CHUNK = "mmpp_recipe"
PARAMETERS_CHUNK = "parameters"
EXIF_IFD = 0x8769
EXIF_USER_COMMENT = 0x9286
EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_MAKER_NOTE = 0x927C
_UNICODE_PREFIX = b"UNICODE\x00"
_ASCII_PREFIX = b"ASCII\x00\x00\x00"

FORMATS_BY_SUFFIX = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}

# A1111's own parser (modules/infotext_utils.py): key, then a quoted or a plain value.
A1111_PARAM_RE = re.compile(r'\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)')


@dataclass(frozen=True)
class ImportedRecipe:
    """Whatever a foreign (or our own) image says about how it was made.

    Fields the source did not record stay None; `recipe` is the full mmpp recipe when the
    image came from this app, `raw` the source's own data for display.
    """

    source: str  # "mmpp", "a1111", "fooocus", "invokeai", "comfyui"
    prompt: str = ""
    negative_prompt: str = ""
    steps: int | None = None
    guidance: float | None = None
    seed: int | None = None
    strength: float | None = None
    width: int | None = None
    height: int | None = None
    sampler: str | None = None
    model_name: str | None = None
    model_hash: str | None = None
    loras: tuple[tuple[str, float | None], ...] = ()
    recipe: dict[str, Any] | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def to_request(self, input_image: str) -> GenerationRequest:
        """A request for `input_image` carrying over every field that maps onto one."""
        if self.recipe is not None and isinstance(self.recipe.get("request"), dict):
            return GenerationRequest.from_dict({**self.recipe["request"], "input_image": input_image})
        values: dict[str, Any] = {"input_image": input_image, "prompt": self.prompt,
                                  "negative_prompt": self.negative_prompt}
        for key in ("steps", "guidance", "seed", "strength"):
            if getattr(self, key) is not None:
                values[key] = getattr(self, key)
        scheduler = _scheduler_from_sampler(self.sampler or "")
        if scheduler:
            values["scheduler"] = scheduler
        if self.width and self.height:
            values["size"] = max(self.width, self.height)
        return GenerationRequest(**values)


def _scheduler_from_sampler(sampler: str) -> str | None:
    text = sampler.lower()
    for needle, name in (("lcm", "lcm"), ("tcd", "tcd"), ("dpm", "dpmpp"), ("euler", "euler")):
        if needle in text:
            return name
    return None


# ---------------------------------------------------------------- writing


def _a1111_quote(value: Any) -> str:
    """A1111's `quote`: JSON-quote values that would break the `Key: value, ` line."""
    text = str(value)
    if "," not in text and "\n" not in text and ":" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def a1111_parameters(recipe: dict[str, Any]) -> str:
    """The `parameters` text A1111 writes: prompt, negative line, then `Key: value` pairs."""
    request = recipe.get("request") or {}
    prompt = str(request.get("prompt", ""))
    negative = str(request.get("negative_prompt", ""))
    pairs: list[tuple[str, Any]] = [
        ("Steps", recipe.get("steps", request.get("steps"))),
        ("Sampler", (recipe.get("scheduler") or {}).get("label")),
        ("CFG scale", recipe.get("guidance", request.get("guidance"))),
        ("Seed", recipe.get("seed", request.get("seed"))),
    ]
    if recipe.get("width") and recipe.get("height"):
        pairs.append(("Size", f"{recipe['width']}x{recipe['height']}"))
    model = recipe.get("model") or {}
    pairs += [("Model hash", model.get("autov2")), ("Model", model.get("name")),
              ("Denoising strength", recipe.get("strength", request.get("strength")))]
    loras = recipe.get("loras") or []
    if loras:
        # As A1111 does: names lose ':' and ',' so the "name: hash, ..." list stays parseable.
        pairs.append(("Lora hashes", ", ".join(
            f"{str(lora.get('name', '')).replace(':', '').replace(',', '')}: {lora['a1111_hash']}"
            for lora in loras if lora.get("a1111_hash"))))
    late = [lora for lora in loras if lora.get("start")]
    if late:  # style start: each style's first step as a fraction, in the "name: value" form of the hashes
        pairs.append(("Lora starts", ", ".join(
            f"{str(lora.get('name', '')).replace(':', '').replace(',', '')}: {float(lora['start']):g}"
            for lora in late)))
    pairs.append(("Version", f"mmpp-desktop {recipe.get('app_version', '')}".strip()))
    line = ", ".join(f"{key}: {_a1111_quote(value)}" for key, value in pairs if value not in (None, ""))
    lines = [prompt]
    if negative:
        lines.append(f"Negative prompt: {negative}")
    lines.append(line)
    return "\n".join(lines)


def image_format_for(path: Path) -> str:
    """The PIL format that `path`'s suffix asks for; any suffix but PNG, JPEG or WebP is refused."""
    image_format = FORMATS_BY_SUFFIX.get(Path(path).suffix.lower())
    if image_format is None:
        raise InvalidInputError(QT_TRANSLATE_NOOP("metadata", "Cannot save as {suffix}: use .png, .jpg or .webp.").format(
            suffix=Path(path).suffix or QT_TRANSLATE_NOOP("metadata", "no suffix")))
    return image_format


def save_image_with_metadata(image: Image.Image, path: Path, recipe: dict[str, Any]) -> None:
    """Write `image` to `path` (format from the suffix) with the recipe embedded, atomically."""
    path = Path(path)
    image_format = image_format_for(path)
    buffer = io.BytesIO()
    encode_with_metadata(image, buffer, image_format, recipe)
    atomic_write_bytes(path, buffer.getvalue())


def encode_with_metadata(image: Image.Image, stream: io.BytesIO, image_format: str,
                         recipe: dict[str, Any]) -> None:
    """Encode into `stream`; split out so callers that batch several files can reuse it.

    A private copy is encoded: PIL keeps a save's options on the image object itself
    (`encoderinfo`), so two threads saving one result at once (Save As beside the drag-out
    file) could swap their metadata.
    """
    image = image.copy()
    parameters = a1111_parameters(recipe)
    recipe_json = json.dumps(recipe, sort_keys=True, ensure_ascii=False, default=str)
    if image_format == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text(PARAMETERS_CHUNK, parameters)  # tEXt when Latin-1 encodable, iTXt otherwise
        info.add_text(RECIPE_CHUNK, recipe_json)
        image.save(stream, format="PNG", pnginfo=info)
        return
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[EXIF_USER_COMMENT] = _UNICODE_PREFIX + parameters.encode("utf-16-be")
    # ASCII-only JSON: ImageDescription is an ASCII tag, and \u escapes keep every character.
    exif[EXIF_IMAGE_DESCRIPTION] = json.dumps({RECIPE_CHUNK: recipe}, sort_keys=True, default=str)
    rgb = image.convert("RGB") if image_format == "JPEG" and image.mode != "RGB" else image
    options: dict[str, Any] = {"quality": 95} if image_format == "JPEG" else {"quality": 95, "method": 4}
    rgb.save(stream, format=image_format, exif=exif, **options)


# ---------------------------------------------------------------- reading


def read_metadata(source: Path | str | Image.Image) -> ImportedRecipe:
    """Recover a recipe from an image file (or an opened image); raise if it carries none."""
    if isinstance(source, Image.Image):
        return _read_from_image(source, QT_TRANSLATE_NOOP("metadata", "image"))
    path = Path(source)
    try:
        with Image.open(path) as image:
            return _read_from_image(image, path.name)
    except Image.DecompressionBombError as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP("metadata", "{name} is refused: its pixel size is absurdly large.").format(
            name=path.name)) from error
    except (UnidentifiedImageError, OSError) as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP("metadata", "{name} is not a readable image.").format(
            name=path.name)) from error


def _read_from_image(image: Image.Image, label: str) -> ImportedRecipe:
    texts = _text_fields(image)
    if RECIPE_CHUNK in texts:
        recipe = _json_object(texts[RECIPE_CHUNK])
        if recipe is not None:
            recipe = recipe.get(RECIPE_CHUNK, recipe)
            return _from_own_recipe(recipe, texts.get(PARAMETERS_CHUNK, ""))
    if "invokeai_metadata" in texts:
        data = _json_object(texts["invokeai_metadata"])
        if data is not None:
            return _from_invokeai(data)
    graph = _json_object(texts.get("prompt", ""))
    if graph is not None and _comfy_sampler(graph) is not None:
        return _from_comfyui(graph)
    parameters = texts.get(PARAMETERS_CHUNK)
    if parameters:
        as_json = _json_object(parameters) if parameters.lstrip().startswith("{") else None
        if as_json is not None:
            return _from_fooocus_json(as_json)
        parsed = parse_a1111_parameters(parameters)
        is_fooocus = "fooocus_scheme" in texts or "Fooocus" in str(parsed.raw.get("Version", ""))
        return parsed if not is_fooocus else _replace_source(parsed, "fooocus")
    raise InvalidInputError(QT_TRANSLATE_NOOP("metadata", "{name} carries no generation metadata this app can read.").format(
        name=label))


def _text_fields(image: Image.Image) -> dict[str, str]:
    """PNG text chunks and the EXIF fields tools use, as one name → text mapping."""
    texts: dict[str, str] = {}
    for key, value in (image.info or {}).items():
        if isinstance(value, str):
            texts[str(key)] = value
    try:
        exif = image.getexif()
    except Exception:  # a broken EXIF block must not hide PNG text chunks
        log.debug("Unreadable EXIF", exc_info=True)
        return texts
    comment = exif.get_ifd(EXIF_IFD).get(EXIF_USER_COMMENT)
    if comment:
        texts.setdefault(PARAMETERS_CHUNK, _decode_user_comment(comment))
    description = exif.get(EXIF_IMAGE_DESCRIPTION)
    if isinstance(description, str) and RECIPE_CHUNK in description:
        texts.setdefault(RECIPE_CHUNK, description)
    scheme = exif.get(EXIF_MAKER_NOTE) or exif.get_ifd(EXIF_IFD).get(EXIF_MAKER_NOTE)
    if isinstance(scheme, bytes):
        scheme = scheme.decode("latin-1")
    if isinstance(scheme, str) and scheme.strip("\x00") in ("fooocus", "a1111"):
        texts.setdefault("fooocus_scheme", scheme.strip("\x00"))
    return texts


def _decode_user_comment(value: bytes | str) -> str:
    """EXIF UserComment: 8-byte charset prefix, then text (UTF-16 for UNICODE)."""
    if isinstance(value, str):
        return value
    prefix, body = value[:8], value[8:]
    if prefix == _UNICODE_PREFIX:
        # Big-endian is the EXIF default; some writers use little-endian without a BOM.
        big = body.decode("utf-16-be", errors="replace")
        little = body.decode("utf-16-le", errors="replace")
        return big if sum(c.isascii() for c in big) >= sum(c.isascii() for c in little) else little
    if prefix == _ASCII_PREFIX:
        return body.decode("ascii", errors="replace").rstrip("\x00")
    return value.decode("utf-8", errors="replace").rstrip("\x00")


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def _replace_source(recipe: ImportedRecipe, source: str) -> ImportedRecipe:
    return dataclasses.replace(recipe, source=source)


def _number(value: Any, kind: type) -> Any:
    try:
        return kind(float(value)) if kind is int else kind(value)
    except (TypeError, ValueError):
        return None


def parse_a1111_parameters(text: str) -> ImportedRecipe:
    """Split A1111 infotext the way A1111 does: prompt lines, `Negative prompt:`, params line."""
    lines = text.strip().split("\n")
    params: dict[str, str] = {}
    if lines and len(A1111_PARAM_RE.findall(lines[-1])) >= 3:
        for key, value in A1111_PARAM_RE.findall(lines.pop()):
            value = value.strip()
            if value.startswith('"') and value.endswith('"'):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    pass
            params[key.strip()] = value
    prompt_lines: list[str] = []
    negative_lines: list[str] = []
    for line in lines:
        if negative_lines or line.startswith("Negative prompt:"):
            negative_lines.append(line.removeprefix("Negative prompt:").strip() if not negative_lines else line)
        else:
            prompt_lines.append(line)
    width = height = None
    if "x" in params.get("Size", ""):
        width, height = (_number(part, int) for part in params["Size"].split("x", 1))
    loras = tuple((name.strip(), None) for name in
                  (part.split(":", 1)[0] for part in params.get("Lora hashes", "").split(",")) if name.strip())
    return ImportedRecipe(
        source="a1111",
        prompt="\n".join(prompt_lines).strip(),
        negative_prompt="\n".join(negative_lines).strip(),
        steps=_number(params.get("Steps"), int),
        guidance=_number(params.get("CFG scale", params.get("Guidance scale")), float),
        seed=_number(params.get("Seed"), int),
        strength=_number(params.get("Denoising strength"), float),
        width=width,
        height=height,
        sampler=params.get("Sampler"),
        model_name=params.get("Model"),
        model_hash=params.get("Model hash"),
        loras=loras,
        raw=params,
    )


def _from_own_recipe(recipe: dict[str, Any], parameters: str) -> ImportedRecipe:
    request = recipe.get("request") or {}
    model = recipe.get("model") or {}
    return ImportedRecipe(
        source="mmpp",
        prompt=str(request.get("prompt", "")),
        negative_prompt=str(request.get("negative_prompt", "")),
        steps=recipe.get("steps", request.get("steps")),
        guidance=recipe.get("guidance", request.get("guidance")),
        seed=recipe.get("seed", request.get("seed")),
        strength=recipe.get("strength", request.get("strength")),
        width=recipe.get("width"),
        height=recipe.get("height"),
        sampler=(recipe.get("scheduler") or {}).get("label"),
        model_name=model.get("name"),
        model_hash=model.get("autov2"),
        loras=tuple((str(lora.get("name", "")), lora.get("weight")) for lora in recipe.get("loras") or []),
        recipe=recipe,
        raw={"parameters": parameters} if parameters else {},
    )


def _from_fooocus_json(data: dict[str, Any]) -> ImportedRecipe:
    """Fooocus "fooocus" scheme: a flat JSON object in `parameters`."""
    width = height = None
    resolution = re.findall(r"\d+", str(data.get("resolution", "")))
    if len(resolution) == 2:
        width, height = int(resolution[0]), int(resolution[1])
    loras = []
    for key, value in data.items():
        if key.startswith("lora_combined_") and " : " in str(value):
            name, weight = str(value).rsplit(" : ", 1)
            loras.append((name.strip(), _number(weight, float)))
    return ImportedRecipe(
        source="fooocus",
        prompt=str(data.get("prompt", "")),
        negative_prompt=str(data.get("negative_prompt", "")),
        steps=_number(data.get("steps"), int),
        guidance=_number(data.get("guidance_scale"), float),
        seed=_number(data.get("seed"), int),
        width=width,
        height=height,
        sampler=data.get("sampler"),
        model_name=data.get("base_model"),
        model_hash=data.get("base_model_hash"),
        loras=tuple(loras),
        raw=data,
    )


def _from_invokeai(data: dict[str, Any]) -> ImportedRecipe:
    model = data.get("model") if isinstance(data.get("model"), dict) else {}
    loras = []
    for lora in data.get("loras") or []:
        if isinstance(lora, dict):
            info = lora.get("model") or lora.get("lora") or {}
            loras.append((str(info.get("name", info.get("key", ""))), _number(lora.get("weight"), float)))
    strength = data.get("strength")
    if strength is None and data.get("denoising_start") is not None:
        strength = 1.0 - float(data["denoising_start"])
    return ImportedRecipe(
        source="invokeai",
        prompt=str(data.get("positive_prompt", "")),
        negative_prompt=str(data.get("negative_prompt", "")),
        steps=_number(data.get("steps"), int),
        guidance=_number(data.get("cfg_scale"), float),
        seed=_number(data.get("seed"), int),
        strength=_number(strength, float),
        width=_number(data.get("width"), int),
        height=_number(data.get("height"), int),
        sampler=data.get("scheduler"),
        model_name=model.get("name"),
        model_hash=model.get("hash"),
        loras=tuple(loras),
        raw=data,
    )


_COMFY_SAMPLERS = ("KSampler", "KSamplerAdvanced", "SamplerCustom")


def _comfy_nodes(graph: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(key): node for key, node in graph.items()
            if isinstance(node, dict) and isinstance(node.get("inputs"), dict)}


def _comfy_sampler(graph: dict[str, Any]) -> dict[str, Any] | None:
    return next((node for node in _comfy_nodes(graph).values() if node.get("class_type") in _COMFY_SAMPLERS), None)


def _from_comfyui(graph: dict[str, Any]) -> ImportedRecipe:
    """ComfyUI API graph: find the sampler, follow its positive/negative/model/latent links."""
    nodes = _comfy_nodes(graph)
    sampler = _comfy_sampler(graph)
    if sampler is None:
        raise InvalidInputError(QT_TRANSLATE_NOOP("metadata", "The ComfyUI workflow in this image has no sampler node."))
    inputs = sampler["inputs"]

    def linked(value: Any) -> dict[str, Any] | None:
        if isinstance(value, list) and value and str(value[0]) in nodes:
            return nodes[str(value[0])]
        return None

    def text_of(value: Any, depth: int = 0) -> str:
        node = linked(value)
        if node is None:
            return value if isinstance(value, str) else ""
        if depth > 16:
            return ""
        node_inputs = node["inputs"]
        for key in ("text", "text_g", "string", "value", "conditioning", "conditioning_1"):
            if key in node_inputs:
                found = text_of(node_inputs[key], depth + 1)
                if found:
                    return found
        return ""

    model_name = None
    loras: list[tuple[str, float | None]] = []
    node = linked(inputs.get("model"))
    for _ in range(32):
        if node is None:
            break
        node_inputs = node["inputs"]
        if "lora_name" in node_inputs:
            loras.append((str(node_inputs["lora_name"]), _number(node_inputs.get("strength_model"), float)))
        if "ckpt_name" in node_inputs:
            model_name = str(node_inputs["ckpt_name"])
            break
        node = linked(node_inputs.get("model"))
    latent = linked(inputs.get("latent_image"))
    width = height = None
    if latent is not None and "width" in latent["inputs"]:
        width, height = _number(latent["inputs"]["width"], int), _number(latent["inputs"]["height"], int)
    seed = inputs.get("seed", inputs.get("noise_seed"))
    return ImportedRecipe(
        source="comfyui",
        prompt=text_of(inputs.get("positive")),
        negative_prompt=text_of(inputs.get("negative")),
        steps=_number(inputs.get("steps"), int),
        guidance=_number(inputs.get("cfg"), float),
        seed=_number(seed, int) if not isinstance(seed, list) else None,
        strength=_number(inputs.get("denoise"), float),
        width=width,
        height=height,
        sampler=inputs.get("sampler_name"),
        model_name=model_name,
        loras=tuple(reversed(loras)),
        raw=graph,
    )
