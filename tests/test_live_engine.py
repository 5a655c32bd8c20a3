"""The live fast path on the tiny SD 1.5 kit: real diffusers pipelines, real video frames."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import torch
from conftest import PHOTOS, VIDEO
from PIL import Image

from mmpp_desktop.core.engine import Engine
from mmpp_desktop.core.engine.live import (
    FaceTracker,
    LiveOptions,
    LiveStylizer,
    SimilarityFilter,
    detect_faces_near,
    encode_prompt,
    live_request,
    snapshot_result,
)
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.faces import detect_faces, face_crop_box
from mmpp_desktop.core.types import EngineOptions, FaceBox, GenerationRequest, StyleLora

OFF = LiveOptions(similarity_threshold=0.0, track_faces=False, tiny_decoder=False)


def video_frames(count: int, start: int = 0) -> list[Image.Image]:
    capture = cv2.VideoCapture(str(VIDEO))
    frames: list[Image.Image] = []
    index = 0
    while len(frames) < count:
        ok, bgr = capture.read()
        if not ok:
            break
        if index >= start:
            frames.append(Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)))
        index += 1
    capture.release()
    assert len(frames) == count
    return frames


@pytest.fixture(scope="module")
def square_photo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Image.Image, str]:
    photo = Image.open(PHOTOS / "obama.jpg").convert("RGB")
    side = min(photo.size)
    square = photo.crop((0, 0, side, side)).resize((160, 160), Image.Resampling.LANCZOS)
    path = tmp_path_factory.mktemp("live") / "square.png"
    square.save(path)
    return square, str(path)


def _request(kit: dict[str, Any], **changes: Any) -> GenerationRequest:
    values: dict[str, Any] = {"input_image": "", "model": kit["base"], "prompt": "a portrait", "size": 64,
                              "steps": 2, "strength": 0.5, "guidance": 1.0, "seed": 7, "scheduler": "lcm",
                              "styles": (StyleLora(kit["loras"][0], 0.8, "a"),)}
    values.update(changes)
    return GenerationRequest(**values)


def test_live_frame_equals_normal_generate_with_the_same_settings(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], square_photo: tuple[Image.Image, str]) -> None:
    square, path = square_photo
    for scheduler in ("lcm", "tcd"):
        request = _request(tiny_kit_sd15, input_image=path, face_box=FaceBox(0, 0, 160, 160), scheduler=scheduler)
        generated = np.asarray(tiny_engine_sd15.generate(request).images[0])
        stylizer = LiveStylizer(tiny_engine_sd15, request, OFF)
        first = np.asarray(stylizer.render(square).image)
        again = np.asarray(stylizer.render(square).image)
        assert first.shape == generated.shape == (64, 64, 3)
        assert np.array_equal(first, generated), scheduler  # same seed, steps, input, decoder: same pixels
        assert np.array_equal(again, first)  # fixed seed and noise: a still scene does not flicker


def test_cached_prompt_embeddings_equal_fresh_ones_and_follow_style_changes(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any]) -> None:
    request = _request(tiny_kit_sd15)
    stylizer = LiveStylizer(tiny_engine_sd15, request, OFF)
    frame = video_frames(1)[0]
    stylizer.render(frame)
    stylizer.render(frame)
    assert stylizer.prompt_encodings == 1  # the second frame reused the embeddings
    cached = stylizer.prompt_embeddings()["prompt_embeds"]
    warm = stylizer.warm()
    with torch.inference_mode():
        fresh = encode_prompt(warm.pipe, "sd15", request.prompt, "cpu")["prompt_embeds"]
    assert torch.equal(cached, fresh)

    # The LoRA touches the text encoder, so a new weight must re-encode, and match a fresh encoding.
    stylizer.set_request(dataclasses.replace(request, styles=(StyleLora(tiny_kit_sd15["loras"][0], 0.2, "a"),)))
    changed = stylizer.prompt_embeddings()["prompt_embeds"]
    assert stylizer.prompt_encodings == 2
    assert not torch.equal(changed, cached)
    with torch.inference_mode():
        fresh = encode_prompt(stylizer.warm().pipe, "sd15", request.prompt, "cpu")["prompt_embeds"]
    assert torch.equal(changed, fresh)


def test_similarity_filter_skips_identical_frames_and_processes_changed_ones(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any]) -> None:
    first, later = video_frames(1)[0], video_frames(1, start=60)[0]
    only_filter = SimilarityFilter(0.012)
    assert not only_filter.should_skip(first)
    assert only_filter.should_skip(first.copy())
    assert only_filter.difference(later) > 0.012
    assert not only_filter.should_skip(later)

    stylizer = LiveStylizer(tiny_engine_sd15, _request(tiny_kit_sd15),
                            dataclasses.replace(OFF, similarity_threshold=0.012))
    outputs = [stylizer.stylize(frame) for frame in (first, first.copy(), first, later, later)]
    assert [output is not None for output in outputs] == [True, False, False, True, False]
    assert stylizer.skipped_similar == 3


def _overlap(first: FaceBox, second: FaceBox) -> float:
    """Intersection over union of two boxes."""
    width = min(first.x + first.width, second.x + second.width) - max(first.x, second.x)
    height = min(first.y + first.height, second.y + second.height) - max(first.y, second.y)
    common = max(0, width) * max(0, height)
    return common / (first.width * first.height + second.width * second.height - common)


def test_redetection_searches_the_held_crop_first_and_falls_back_to_the_frame() -> None:
    frame = video_frames(1, start=100)[0]
    whole = detect_faces(frame)[0]
    crop = face_crop_box(whole, frame.size)
    near = detect_faces_near(frame, crop)
    assert near and _overlap(near[0], whole) > 0.5
    elsewhere = FaceBox(0, frame.height - 100, 100, 100)  # a corner without the face: the whole frame is searched
    assert _overlap(detect_faces_near(frame, elsewhere)[0], whole) > 0.9


def test_face_tracker_detects_every_n_frames_and_smooths_the_box() -> None:
    frames = video_frames(20, start=100)  # one face in view throughout
    tracker = FaceTracker(detect_every=8, smoothing=0.35)
    boxes = [tracker.crop_box(frame) for frame in frames]
    assert tracker.detections == math.ceil(20 / 8)
    assert boxes[0] != FaceBox(140, 0, 360, 360)  # a face was found at once: not the centre square

    lost = FaceTracker(detect_every=8)
    faceless = video_frames(2, start=40)  # a stretch of the clip where no face is detectable
    assert [lost.crop_box(frame) for frame in faceless] == [FaceBox(140, 0, 360, 360)] * 2  # centre square
    lost.crop_box(frames[0])
    assert lost.detections == 3 and lost.faces_found == 1  # while lost it looks on every frame
    width, height = frames[0].size
    for box in boxes:
        assert box.width == box.height and 0 <= box.x <= width - box.width and 0 <= box.y <= height - box.height
    # Between detections the box glides: no frame-to-frame jump bigger than the smoothing allows.
    jumps = [abs(b.x - a.x) + abs(b.y - a.y) for a, b in zip(boxes, boxes[1:], strict=False)]
    assert max(jumps) <= 0.35 * (width + height)

    # In the background the re-detection does not hold up frames; its box is taken once it is done.
    background = FaceTracker(detect_every=2, smoothing=1.0, background=True)
    try:
        first = background.crop_box(frames[0])  # the first face is found at once, on this thread
        assert background.detections == 1 and first != FaceBox(140, 0, 360, 360)
        for frame in frames[1:3]:  # frame 2 is due: its detection goes to the helper thread
            background.crop_box(frame)
        assert background.detections == 2 and background._pending is not None
        found = background._pending.result(timeout=60)  # searched inside the crop it held
        taken = background.crop_box(frames[3])  # the finished detection's box (smoothing 1.0: fully)
        assert taken == face_crop_box(found[0], frames[2].size)
        assert _overlap(found[0], detect_faces(frames[2])[0]) > 0.5  # the face a whole-frame search finds
    finally:
        background.close()

    # A synthetic jump of the target is approached gradually (exponential smoothing), not at once.
    smoothed = FaceTracker(detect_every=100, smoothing=0.5)
    smoothed._target = np.array([0.0, 0.0, 100.0])
    smoothed._frame_size = (400, 300)
    smoothed._since_detection = 1
    canvas = Image.new("RGB", (400, 300))
    assert smoothed.crop_box(canvas) == FaceBox(0, 0, 100, 100)
    smoothed._target = np.array([200.0, 100.0, 100.0])
    assert smoothed.crop_box(canvas) == FaceBox(100, 50, 100, 100)
    assert smoothed.crop_box(canvas) == FaceBox(150, 75, 100, 100)
    assert smoothed.detections == 0


def test_tiny_autoencoder_decodes_live_frames_when_configured(
        tmp_path: Path, tiny_kit_sd15: dict[str, Any]) -> None:
    from diffusers import AutoencoderTiny

    engine = Engine(EngineOptions(device="cpu"))
    probe = LiveStylizer(engine, _request(tiny_kit_sd15), OFF)
    levels = int(math.log2(probe.warm().pipe.vae_scale_factor)) + 1
    torch.manual_seed(0)
    channels = (8,) * levels
    AutoencoderTiny(encoder_block_out_channels=channels, decoder_block_out_channels=channels,
                    num_encoder_blocks=(1,) * levels, num_decoder_blocks=(1,) * levels).save_pretrained(tmp_path / "taesd")
    engine.set_options(EngineOptions(device="cpu", preview_decoders={"sd15": str(tmp_path / "taesd")}))
    tiny = LiveStylizer(engine, _request(tiny_kit_sd15), dataclasses.replace(OFF, tiny_decoder=True))
    frame = video_frames(1)[0]
    decodes_before = engine.decode_count
    result = tiny.render(frame)
    assert result.recipe["decoder"] == "taesd" and result.image.size == (64, 64)
    assert engine.decode_count == decodes_before  # the full VAE decoder did not run
    full = probe.render(frame)
    assert full.recipe["decoder"] == "vae"
    assert not np.array_equal(np.asarray(result.image), np.asarray(full.image))


def test_live_requests_refuse_slow_settings_and_drop_controlnet(tiny_kit_sd15: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError, match="LCM or TCD"):
        live_request(_request(tiny_kit_sd15, scheduler="dpmpp"))
    with pytest.raises(InvalidInputError, match="1 to 4 steps"):
        live_request(_request(tiny_kit_sd15, steps=8))
    from mmpp_desktop.core.types import ControlNetSettings

    request = live_request(_request(tiny_kit_sd15, guidance=6.0, controlnet=ControlNetSettings(model="x")))
    assert request.guidance == 1.0 and request.controlnet is None


def test_snapshot_result_carries_recipe_and_input_frame(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    frame = video_frames(1)[0]
    live = LiveStylizer(tiny_engine_sd15, _request(tiny_kit_sd15), OFF).render(frame)
    frame.save(tmp_path / "frame.png")
    result = snapshot_result(live, str(tmp_path / "frame.png"))
    assert result.request.input_image == str(tmp_path / "frame.png")
    assert result.recipe["request"]["input_image"] == str(tmp_path / "frame.png")
    assert result.recipe["live"] is True and result.recipe["steps"] == 2 and result.recipe["loras"]
    assert result.images[0] is live.image and result.input_crop is live.input_crop


def test_a_stop_ends_the_frame_at_the_next_layer_and_the_hooks_go_away(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any]) -> None:
    from mmpp_desktop.core.engine import GenerationCancelled
    from mmpp_desktop.core.types import CancelToken

    token = CancelToken()
    stylizer = LiveStylizer(tiny_engine_sd15, _request(tiny_kit_sd15), OFF, cancel=token)
    frame = video_frames(1)[0]
    assert stylizer.render(frame).image.size == (64, 64)
    decodes = tiny_engine_sd15.decode_count
    token.cancel()
    with pytest.raises(GenerationCancelled):
        stylizer.render(frame)
    assert tiny_engine_sd15.decode_count == decodes  # stopped inside the UNet, before the decode
    unet = stylizer.warm().pipe.unet
    assert not any(module._forward_pre_hooks for module in unet.modules())
