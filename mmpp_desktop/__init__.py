"""MMPP Desktop: stylized portraits from a face photo with local Stable Diffusion."""

__version__ = "0.1.0"
