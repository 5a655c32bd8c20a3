"""The real CLIP tokenizer built from the BPE file shipped in the package.

Single-file checkpoints carry no tokenizer, and diffusers would fetch one from the hub;
the app is offline, so the vocabulary ships with it (MIT, from open_clip) and the
`vocab`/`merges` tables of the Hugging Face tokenizer are rebuilt from it here.
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources

from transformers import CLIPTokenizer

CLIP_MAX_LENGTH = 77
_BPE_FILE = "bpe_simple_vocab_16e6.txt.gz"
_MERGE_COUNT = 49152 - 256 - 2  # what CLIP uses of the file, as in OpenAI's and open_clip's code


def _bytes_to_unicode() -> dict[int, str]:
    """CLIP's reversible byte → printable character table (from OpenAI's tokenizer)."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    codes = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
    return dict(zip(printable, (chr(code) for code in codes), strict=True))


@functools.cache
def _vocab_and_merges() -> tuple[dict[str, int], list[tuple[str, str]]]:
    data = resources.files("mmpp_desktop.assets.tokenizer").joinpath(_BPE_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").split("\n")[1 : _MERGE_COUNT + 1]
    merges = [tuple(line.split()) for line in lines]
    symbols = list(_bytes_to_unicode().values())
    tokens = symbols + [symbol + "</w>" for symbol in symbols] + ["".join(merge) for merge in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    return {token: index for index, token in enumerate(tokens)}, merges  # type: ignore[return-value]


def clip_tokenizer(pad_token: str = "<|endoftext|>") -> CLIPTokenizer:
    """A fresh CLIP tokenizer (SDXL's second encoder pads with "!" instead of the end token)."""
    vocab, merges = _vocab_and_merges()
    return CLIPTokenizer(vocab=dict(vocab), merges=list(merges), pad_token=pad_token,
                         model_max_length=CLIP_MAX_LENGTH)
