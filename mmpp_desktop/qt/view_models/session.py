"""The editing session: input photo and face box, blend list, controls, generation state.

One `SessionViewModel` is shared by the capture pane, the blend controls, the result view
and the library/history panes. Loading an image (file, snapshot or paste) and finding the
face run on a small thread pool; generation goes to the `GenerationController`. A failed
load reports an error and leaves the current input untouched.
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.core.capture import save_capture
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.faces import run_dlib_in_child_process
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.presets import sampler_preset
from mmpp_desktop.core.remaining_time import RemainingTime
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import (
    CLASSIC_STYLES,
    ClassicStyle,
    ControlNetSettings,
    DeviceName,
    FaceBox,
    GenerationRequest,
    GenerationResult,
    IPAdapterMode,
    IPAdapterSettings,
    PromptSource,
    SchedulerName,
)
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.images import pil_to_qimage, qimage_to_pil
from mmpp_desktop.qt.workers.generation_worker import GenerationController, GenerationJob

log = logging.getLogger(__name__)

MAX_SEED = 2**31 - 1  # what a QSpinBox can show
DIFFUSION = "diffusion"
DEFAULT_SCHEDULER: SchedulerName = "dpmpp"


@dataclass(frozen=True)
class BlendEntry:
    """One style in the blend: its library name, weight and whether it is switched on."""

    name: str
    weight: float = 1.0
    enabled: bool = True


@dataclass(frozen=True)
class Controls:
    """Every generation control besides the input and the blend list.

    `look` is `"diffusion"` or one of the classic OpenCV styles, which need no model.
    """

    look: str = DIFFUSION
    prompt: str = ""
    negative_prompt: str = ""
    steps: int = sampler_preset(DEFAULT_SCHEDULER).steps
    strength: float = 0.6
    guidance: float = sampler_preset(DEFAULT_SCHEDULER).guidance
    scheduler: SchedulerName = DEFAULT_SCHEDULER
    seed: int = 0
    random_seed: bool = True
    size: int = 512
    controlnet_enabled: bool = True
    controlnet_strength: float = 0.8
    ip_adapter_image: str = ""
    ip_adapter_scale: float = 0.6
    ip_adapter_mode: IPAdapterMode = "full"
    use_whole_image: bool = False


@dataclass(frozen=True)
class LoadedInput:
    """What the loader thread hands back: the file, its pixels and the faces found."""

    path: str
    image: QImage
    face_box: FaceBox | None
    faces: tuple[FaceBox, ...] = ()  # every face found, largest first
    status: str = ""  # what the status bar says once loaded, naming the file as the user knows it


def load_input(path: str | Path) -> LoadedInput:
    """Decode safely (size caps, EXIF orientation) and find the faces; raises UserFacingError."""
    from mmpp_desktop.core.faces import detect_faces
    from mmpp_desktop.core.images import load_image

    image = load_image(Path(path))
    faces = detect_faces(image)
    chosen = faces[0] if faces else None
    return LoadedInput(str(path), pil_to_qimage(image), chosen, tuple(faces))


@dataclass(frozen=True)
class SessionSnapshot:
    """What "Reuse recipe" replaces, kept so the user can undo it."""

    styles: tuple[BlendEntry, ...]
    controls: Controls
    own_sampling: tuple[int, float] | None
    input_path: str | None
    input_image: QImage | None
    faces: tuple[FaceBox, ...]
    face_box: FaceBox | None
    result: GenerationResult | None
    result_image: QImage | None


def _source_from_final(request: GenerationRequest) -> PromptSource:
    """For recipes without a recorded source: the final prompt, one blend entry per style name."""
    weights: dict[str, float] = {}
    for style in request.styles:
        weights.setdefault(style.name or Path(style.path).stem, style.weight)
    return PromptSource(request.prompt, request.negative_prompt, tuple(weights.items()))


class SessionViewModel(QObject):
    """Shared state plus the actions widgets trigger (they never call workers themselves)."""

    input_changed = Signal()
    face_changed = Signal()
    styles_changed = Signal()
    controls_changed = Signal()
    settings_changed = Signal()
    busy_changed = Signal(bool)
    cancelling_changed = Signal(bool)  # True the moment a cancel is asked for, False once the worker is idle
    loading_changed = Signal(bool)
    progress_changed = Signal(int, int, float)
    preview_changed = Signal(QImage)
    result_changed = Signal()
    error_changed = Signal(str)
    status_changed = Signal(str)
    result_recorded = Signal(int)
    device_changed = Signal(str)
    generation_cancelled = Signal()
    generation_failed = Signal(str)
    run_finished = Signal(str)  # a run ended with a result: what the status bar says about it
    reuse_undo_changed = Signal(bool)  # True while "Reuse recipe" can be undone

    _input_loaded = Signal(int, object)  # load number, LoadedInput
    _input_failed = Signal(int, str)

    def __init__(self, paths: AppPaths, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        run_dlib_in_child_process()  # dlib holds the GIL: off this process, so the window never stalls
        self.paths = paths
        self.settings = settings
        self.input_path: str | None = None
        self.input_image: QImage | None = None
        self.faces_found = 0
        self.face_box: FaceBox | None = None
        self.faces: tuple[FaceBox, ...] = ()
        self.styles: list[BlendEntry] = []
        self.controls = Controls()
        self.result: GenerationResult | None = None
        self.result_image: QImage | None = None
        self.error = ""
        self.loading = False
        self.cancelling = False
        self._own_sampling: tuple[int, float] | None = None  # steps, guidance before LCM/TCD's preset
        self.device_summary = self._planned_device()
        self.progress_text = ""  # "Step 3 / 20 · about 9 s left" while a run reports steps
        self._remaining = RemainingTime()
        self._before_reuse: SessionSnapshot | None = None
        self._load_number = 0  # only the newest load is shown; undo drops the ones in flight
        self._loads = QThreadPool(self)
        self._loads.setMaxThreadCount(1)
        self._input_loaded.connect(self._on_input_loaded)
        self._input_failed.connect(self._on_input_failed)
        self.generation = GenerationController(paths, self)
        self.generation.busy_changed.connect(self._on_busy_changed)
        self.generation.started.connect(self._on_started)
        self.generation.progress.connect(self._on_progress)
        self.generation.finished.connect(self._on_finished)
        self.generation.failed.connect(self._on_failed)
        self.generation.cancelled.connect(self._on_cancelled)
        self.generation.recorded.connect(self.result_recorded)
        self.generation.record_failed.connect(self.set_error)
        self.generation.device_described.connect(self._set_device_summary)

    # ----- input -------------------------------------------------------------------------
    def open_image(self, path: str | Path) -> None:
        """Load a photo from disk in the background; on failure the current input stays."""
        self._start_load(lambda: load_input(path), self.tr("Opened {name}").format(name=Path(path).name))

    def use_image(self, image: QImage) -> None:
        """Use a snapshot or pasted image: saved as a capture file first, so requests hold a path."""
        owned = image.copy()  # QImage is reentrant: the conversion and PNG encoding run off the GUI thread
        self._start_load(lambda: load_input(save_capture(qimage_to_pil(owned), self.paths)),
                         self.tr("Using the new image"))

    def set_face_box(self, box: FaceBox | None) -> None:
        """The user dragged the face box: it overrides the detected one for the next request."""
        if box != self.face_box:
            self.face_box = box
            self.face_changed.emit()

    def _start_load(self, task: Callable[[], LoadedInput], status: str = "") -> None:
        self._set_loading(True)
        self._load_number += 1
        number = self._load_number

        def run() -> None:
            try:
                loaded = dataclasses.replace(task(), status=status)
            except UserFacingError as error:
                log.info("Input refused: %s", error.message, exc_info=True)
                self._input_failed.emit(number, translated(error.message))
            except Exception:
                log.exception("Loading the input failed")
                self._input_failed.emit(number, self.tr("The image could not be opened; details are in the log."))
            else:
                self._input_loaded.emit(number, loaded)

        self._loads.start(run)

    @Slot(int, object)
    def _on_input_loaded(self, number: int, loaded: LoadedInput) -> None:
        if number != self._load_number:  # a newer load, or an undo, came after it
            return
        self._set_loading(False)
        self._show_input(loaded.path, loaded.image, loaded.faces, loaded.face_box)
        self.set_error("")
        self._set_status(loaded.status)

    def _show_input(self, path: str | None, image: QImage | None, faces: tuple[FaceBox, ...],
                    face_box: FaceBox | None) -> None:
        """Make a photo the input. A result made from another photo is cleared, so the window
        never shows a portrait next to a photo it was not made from."""
        if path != self.input_path and (self.result is not None or self.result_image is not None):
            self.result = None
            self.result_image = None
            self.result_changed.emit()
        self.input_path = path
        self.input_image = image
        self.faces = faces
        self.faces_found = len(faces)
        self.face_box = face_box
        self.input_changed.emit()
        self.face_changed.emit()

    @Slot(int, str)
    def _on_input_failed(self, number: int, message: str) -> None:
        if number != self._load_number:
            return
        self._set_loading(False)
        self.set_error(message)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    # ----- blend -------------------------------------------------------------------------
    def add_style(self, name: str, weight: float = 1.0) -> None:
        """Add a library style to the blend (no-op if it is already there)."""
        if any(entry.name == name for entry in self.styles):
            return
        self.styles.append(BlendEntry(name, weight))
        self.styles_changed.emit()

    def set_styles(self, entries: list[BlendEntry] | list[str]) -> None:
        self.styles = [entry if isinstance(entry, BlendEntry) else BlendEntry(entry) for entry in entries]
        self.styles_changed.emit()

    def update_style(self, index: int, **changes: Any) -> None:
        entry = dataclasses.replace(self.styles[index], **changes)
        if entry != self.styles[index]:
            self.styles[index] = entry
            self.styles_changed.emit()

    def remove_style(self, index: int) -> None:
        del self.styles[index]
        self.styles_changed.emit()

    # ----- controls ----------------------------------------------------------------------
    def set_controls(self, **changes: Any) -> None:
        controls = dataclasses.replace(self.controls, **changes)
        if controls != self.controls:
            self.controls = controls
            self.controls_changed.emit()

    def choose_scheduler(self, scheduler: SchedulerName) -> None:
        """Pick a sampler. LCM and TCD bring their preset steps and guidance (the user's values
        burn images there); going back to another sampler restores the user's own values."""
        if scheduler == self.controls.scheduler:
            return
        preset = sampler_preset(scheduler)
        steps, guidance = self.controls.steps, self.controls.guidance
        if preset.accelerated:
            if self._own_sampling is None:
                self._own_sampling = (steps, guidance)
            steps, guidance = preset.steps, preset.guidance
        elif self._own_sampling is not None:
            (steps, guidance), self._own_sampling = self._own_sampling, None
        elif sampler_preset(self.controls.scheduler).accelerated:  # e.g. after reusing an LCM recipe
            steps, guidance = preset.steps, preset.guidance
        self.set_controls(scheduler=scheduler, steps=steps, guidance=guidance)

    def reroll_seed(self) -> None:
        """A new seed that stays fixed, so the user can keep it once they like a result."""
        self.set_controls(seed=random.randint(0, MAX_SEED), random_seed=False)

    def set_settings(self, settings: Settings) -> None:
        device_changed = (settings.device, settings.precision) != (self.settings.device, self.settings.precision)
        self.settings = settings
        self.settings_changed.emit()
        if device_changed:
            self._set_device_summary(self._planned_device())

    def _planned_device(self) -> str:
        """The device the preferences ask for; the worker names the real one after a run.

        Asking torch now would import it on the GUI thread (seconds, and gigabytes of CUDA
        libraries), so the real device is reported once the worker has loaded a model.
        """
        devices = {"auto": self.tr("Auto (GPU if available)"), "cuda": self.tr("CUDA GPU"),
                   "mps": self.tr("Apple GPU (MPS)"), "cpu": self.tr("CPU")}
        device = devices.get(self.settings.device, self.settings.device)
        if self.settings.precision == "auto":
            return self.tr("Device: {device}").format(device=device)
        return self.tr("Device: {device} · {precision}").format(device=device, precision=self.settings.precision)

    @Slot(str)
    def _set_device_summary(self, summary: str) -> None:
        if summary != self.device_summary:
            self.device_summary = summary
            self.device_changed.emit(summary)

    @property
    def family(self) -> str:
        return self.settings.active_family

    def model_configured(self, kind: str) -> bool:
        """Whether the active family has a path for a model kind (`base_model`, `controlnet_canny`...)."""
        return bool(self.settings.model_path(self.family, kind))

    def apply_request(self, request: GenerationRequest) -> None:
        """Restore every control from a recipe (history "reuse"), then load its input photo.

        What it replaces is kept: `reuse_undo_changed(True)` lets the window offer Undo
        (`undo_reuse`) until the next run starts. Reusing again before that keeps the first
        snapshot, so trying several recipes in a row still ends with the user's own prompt back.
        """
        before = self._before_reuse or SessionSnapshot(
            tuple(self.styles), self.controls, self._own_sampling, self.input_path, self.input_image,
            self.faces, self.face_box, self.result, self.result_image)
        controlnet, ip_adapter = request.controlnet, request.ip_adapter
        source = request.source or _source_from_final(request)
        self.set_styles([BlendEntry(name, weight) for name, weight in source.styles])
        self._own_sampling = None  # the recipe's steps and guidance are what the user wants now
        self.set_controls(
            look=request.classic or DIFFUSION,
            prompt=source.prompt,
            negative_prompt=source.negative_prompt,
            steps=request.steps,
            strength=request.strength,
            guidance=request.guidance,
            scheduler=request.scheduler,
            seed=request.seed,
            random_seed=False,
            size=request.size,
            controlnet_enabled=controlnet is not None,
            controlnet_strength=controlnet.conditioning_scale if controlnet else self.controls.controlnet_strength,
            ip_adapter_image=(ip_adapter.image or "") if ip_adapter else "",
            ip_adapter_scale=ip_adapter.scale if ip_adapter else self.controls.ip_adapter_scale,
            ip_adapter_mode=ip_adapter.mode if ip_adapter else self.controls.ip_adapter_mode,
            use_whole_image=request.use_whole_image,
        )
        face_box = request.face_box

        def load() -> LoadedInput:
            loaded = load_input(request.input_image)
            return dataclasses.replace(loaded, face_box=face_box or loaded.face_box)

        self._start_load(load, self.tr("Opened the photo of the reused recipe"))
        self._before_reuse = before
        self.reuse_undo_changed.emit(True)

    @property
    def can_undo_reuse(self) -> bool:
        return self._before_reuse is not None

    def undo_reuse(self) -> None:
        """Put back the prompt, styles, settings and photo that the last reuse replaced."""
        before, self._before_reuse = self._before_reuse, None
        if before is None:
            return
        self._load_number += 1  # the recipe's photo may still be loading: it must not land after this
        self._set_loading(False)
        self.set_styles(list(before.styles))
        self.set_controls(**dataclasses.asdict(before.controls))
        self._own_sampling = before.own_sampling
        if before.input_path != self.input_path:
            self._show_input(before.input_path, before.input_image, before.faces, before.face_box)
            if self.result is None and before.result is not None:  # the portrait made from that photo
                self.result, self.result_image = before.result, before.result_image
                self.result_changed.emit()
        else:
            self.set_face_box(before.face_box)
        self.reuse_undo_changed.emit(False)
        self._set_status(self.tr("Reuse undone"))

    def _forget_reuse(self) -> None:
        if self._before_reuse is not None:
            self._before_reuse = None
            self.reuse_undo_changed.emit(False)

    # ----- generation --------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.generation.busy

    def build_job(self) -> GenerationJob:
        """The job for the current state; raises UserFacingError when something is missing."""
        if self.input_path is None:
            raise UserFacingError(self.tr("Open a photo or take a snapshot first."))
        controls, settings = self.controls, self.settings
        seed = random.randint(0, MAX_SEED) if controls.random_seed else controls.seed
        base = GenerationRequest(
            input_image=self.input_path,
            face_box=self.face_box,
            use_whole_image=controls.use_whole_image,
            seed=seed,
            size=controls.size,
            device=cast(DeviceName, settings.device),
        )
        if controls.look in CLASSIC_STYLES:
            return GenerationJob(dataclasses.replace(base, classic=cast(ClassicStyle, controls.look)), settings)
        if not self.model_configured("base_model"):
            raise UserFacingError(self.tr("Choose a base model in Preferences, or pick a classic style."))
        controlnet = None
        if controls.controlnet_enabled and self.model_configured("controlnet_canny"):
            controlnet = ControlNetSettings(settings.model_path(self.family, "controlnet_canny"),
                                            conditioning_scale=controls.controlnet_strength)
        styles = self.enabled_styles()
        request = dataclasses.replace(
            base,
            model=settings.model_path(self.family, "base_model"),
            prompt=controls.prompt,
            negative_prompt=controls.negative_prompt,
            controlnet=controlnet,
            ip_adapter=self.ip_adapter_settings(),
            strength=controls.strength,
            steps=controls.steps,
            guidance=controls.guidance,
            scheduler=controls.scheduler,
            source=PromptSource(controls.prompt, controls.negative_prompt, styles),
        )
        return GenerationJob(request, settings, styles)

    def ip_adapter_settings(self) -> IPAdapterSettings | None:
        """The reference image as a request's IP-Adapter, when one is chosen and the model is configured."""
        controls = self.controls
        if not (controls.ip_adapter_image and self.model_configured("ip_adapter")):
            return None
        return IPAdapterSettings(self.settings.model_path(self.family, "ip_adapter"), image=controls.ip_adapter_image,
                                 scale=controls.ip_adapter_scale, mode=controls.ip_adapter_mode)

    def enabled_styles(self) -> tuple[tuple[str, float], ...]:
        """The blend's enabled styles and their weights, as a request's source records them."""
        return tuple((entry.name, entry.weight) for entry in self.styles if entry.enabled)

    def generate(self) -> bool:
        """Queue a generation for the current state; False (and an error shown) if not possible."""
        try:
            job = self.build_job()
        except UserFacingError as error:
            self.set_error(translated(error.message))
            return False
        self.set_error("")
        self._forget_reuse()  # once a run starts from the reused recipe, it is the user's own
        self.generation.submit(job)
        self._set_status(self.tr("Queued…"))
        return True

    def cancel(self) -> None:
        """Ask the running and queued jobs to stop; `cancelling_changed(True)` at once, so the
        window can say so before the engine reaches its next cancel point."""
        if self.busy and not self.cancelling:
            self.generation.cancel()
            self.cancelling = True
            self.cancelling_changed.emit(True)
            self._set_status(self.tr("Cancelling…"))

    def shutdown(self) -> None:
        """Stop generation and background loads; the window calls this when it closes."""
        self.generation.shutdown()
        self._loads.waitForDone()

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        if not busy and self.cancelling:
            self.cancelling = False
            self.cancelling_changed.emit(False)
        self.busy_changed.emit(busy)

    @Slot()
    def _on_started(self) -> None:
        self._remaining.reset()
        self.progress_text = ""
        self._set_status(self.tr("Generating…"))

    @Slot(int, int, float, QImage)
    def _on_progress(self, step: int, total: int, elapsed: float, preview: QImage) -> None:
        remaining = self._remaining.update(step, total, elapsed)
        self.progress_text = self._describe_progress(step, total, remaining)
        self.progress_changed.emit(step, total, elapsed)
        if not preview.isNull():
            self.preview_changed.emit(preview)

    def _describe_progress(self, step: int, total: int, remaining: float | None) -> str:
        text = self.tr("Step {step} / {total}").format(step=step, total=total)
        if remaining is None or step >= total:
            return text
        if remaining < 60:
            left = self.tr("about {seconds} s left").format(seconds=max(1, round(remaining)))
        else:
            left = self.tr("about {minutes} min left").format(minutes=round(remaining / 60))
        return f"{text} · {left}"

    @Slot(object)
    def _on_finished(self, result: GenerationResult) -> None:
        self.result = result
        self.set_controls(seed=result.request.seed)  # show the seed a random draw used
        self.result_image = pil_to_qimage(result.images[0]) if result.images else None
        seconds = sum(result.timings.values()) if result.timings else 0.0
        self.result_changed.emit()
        status = self.tr("Done in {seconds} s").format(seconds=f"{seconds:.1f}")
        if result.messages:
            status = f"{status} — {' '.join(translated(message) for message in result.messages)}"
        if result.request.input_image != self.input_path:  # a new photo was opened while it ran
            status = self.tr("{status} — made from the previous photo").format(status=status)
        self._set_status(status)
        self.run_finished.emit(status)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.set_error(message)
        self._set_status(self.tr("Generation failed"))
        self.generation_failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._set_status(self.tr("Cancelled"))
        self.generation_cancelled.emit()

    def set_error(self, message: str) -> None:
        self.error = message
        self.error_changed.emit(message)

    def _set_status(self, message: str) -> None:
        self.status_changed.emit(message)
