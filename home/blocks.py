"""Only for migrations: the blocks live in ``base/blocks.py``.

The migrations of ``home``, ``stories``, ``events`` and ``resources`` name the shared blocks by
their old path (``home.blocks.ParagraphBlock``, ``home.blocks.HeadingBlock``). New code imports
``base.blocks``; fields deconstruct to that path, so ``makemigrations`` sees no change.
"""

from base.blocks import HeadingBlock, ParagraphBlock

__all__ = ["HeadingBlock", "ParagraphBlock"]
