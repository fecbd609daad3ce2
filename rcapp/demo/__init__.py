"""The demo world for trying rcapp out: `rcapp demo` builds it through the services."""

from __future__ import annotations

from rcapp.demo.cli import demo_command

__all__ = ["demo_command"]
