"""Settings titles, descriptions and groups, marked for translation.

`core/settings.py` holds them in English and imports no Qt. Listing them here lets
`pyside6-lupdate` put them in the catalogue; the preferences dialog shows each through
`setting_text`. tests/test_qt_i18n.py fails when a setting is added without an entry here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Settings"
SETTINGS_TEXTS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Settings", "Models — SD 1.5"),
    QT_TRANSLATE_NOOP("Settings", "SD 1.5 base model"),
    QT_TRANSLATE_NOOP("Settings", "A diffusers folder (with model_index.json), a single-file .safetensors checkpoint, or a Hugging Face repo id already in the local cache."),
    QT_TRANSLATE_NOOP("Settings", "SD 1.5 ControlNet Canny"),
    QT_TRANSLATE_NOOP("Settings", "ControlNet Canny model: a diffusers folder or a .safetensors file. Keeps the face shape."),
    QT_TRANSLATE_NOOP("Settings", "SD 1.5 IP-Adapter"),
    QT_TRANSLATE_NOOP("Settings", "IP-Adapter folder in the common layout: models/ip-adapter_*.safetensors and models/image_encoder/."),
    QT_TRANSLATE_NOOP("Settings", "SD 1.5 LCM-LoRA"),
    QT_TRANSLATE_NOOP("Settings", "LCM-LoRA .safetensors file, added automatically when the LCM scheduler is chosen."),
    QT_TRANSLATE_NOOP("Settings", "SD 1.5 TCD-LoRA"),
    QT_TRANSLATE_NOOP("Settings", "TCD-LoRA .safetensors file, added automatically when the TCD scheduler is chosen."),
    QT_TRANSLATE_NOOP("Settings", "SD 1.5 tiny autoencoder"),
    QT_TRANSLATE_NOOP("Settings", "Optional tiny autoencoder (taesd) folder for sharper live previews."),
    QT_TRANSLATE_NOOP("Settings", "Models — SDXL"),
    QT_TRANSLATE_NOOP("Settings", "SDXL base model"),
    QT_TRANSLATE_NOOP("Settings", "SDXL ControlNet Canny"),
    QT_TRANSLATE_NOOP("Settings", "SDXL IP-Adapter"),
    QT_TRANSLATE_NOOP("Settings", "SDXL LCM-LoRA"),
    QT_TRANSLATE_NOOP("Settings", "SDXL TCD-LoRA"),
    QT_TRANSLATE_NOOP("Settings", "SDXL tiny autoencoder"),
    QT_TRANSLATE_NOOP("Settings", "Scoring"),
    QT_TRANSLATE_NOOP("Settings", "CLIP model (prompt agreement)"),
    QT_TRANSLATE_NOOP("Settings", "Optional: a transformers CLIP folder used to score how well a result matches its prompt (CLIPScore). Without it, SDXL with an IP-Adapter uses their shared encoders."),
    QT_TRANSLATE_NOOP("Settings", "Generation"),
    QT_TRANSLATE_NOOP("Settings", "Model family"),
    QT_TRANSLATE_NOOP("Settings", "Which base model family new generations use."),
    QT_TRANSLATE_NOOP("Settings", "Device"),
    QT_TRANSLATE_NOOP("Settings", "Where generation runs. Auto picks CUDA, then Apple MPS, then the CPU."),
    QT_TRANSLATE_NOOP("Settings", "Precision"),
    QT_TRANSLATE_NOOP("Settings", "Auto: fp16 (or bf16) on GPUs, fp32 on the CPU, where bf16 is about 100x slower."),
    QT_TRANSLATE_NOOP("Settings", "Compile the UNet (torch.compile)"),
    QT_TRANSLATE_NOOP("Settings", "Faster steps after a one-time warm-up; style switches do not recompile."),
    QT_TRANSLATE_NOOP("Settings", "Appearance"),
    QT_TRANSLATE_NOOP("Settings", "Language"),
    QT_TRANSLATE_NOOP("Settings", "The window's language. System follows the computer's language."),
    QT_TRANSLATE_NOOP("Settings", "Colour scheme"),
    QT_TRANSLATE_NOOP("Settings", "Light or dark window colours. System follows the computer's setting."),
    QT_TRANSLATE_NOOP("Settings", "Files"),
    QT_TRANSLATE_NOOP("Settings", "Export folder"),
    QT_TRANSLATE_NOOP("Settings", "Default folder for exported images. Empty: your Pictures folder."),
    QT_TRANSLATE_NOOP("Settings", "History size"),
    QT_TRANSLATE_NOOP("Settings", "Keep at most this many generations (oldest go to the trash). 0 keeps all."),
)


def setting_text(text: str) -> str:
    """A settings title, description or group in the UI language."""
    return QCoreApplication.translate(CONTEXT, text)
