"""`newsparse extractors`: every installed extractor, what it handles, and which are broken.

Listing loads each plugin (to read its declarations), so a plugin that fails to import or
is malformed shows up here as BROKEN with the reason. Exit status 1 when any is broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from newsparse import registry
from newsparse.errors import ExtractorLoadError

__all__ = ["add_parser", "describe", "run"]


def add_parser(subparsers: Any) -> None:
    """Register ``extractors`` and its options."""
    parser = subparsers.add_parser(
        "extractors",
        help="list installed extractors, their URL rules and layouts; flag broken plugins",
        description="List every extractor registered under the entry-point group "
        f"{registry.ENTRY_POINT_GROUP!r}: name, distribution, URL rules, priority and layouts. "
        "Plugins that cannot be loaded are marked BROKEN with the reason (exit status 1).",
    )
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")


def describe(entry: registry.Entry) -> dict[str, Any]:
    """One extractor as plain data; ``broken`` holds the load error's reason, else None."""
    info: dict[str, Any] = {
        "name": entry.name,
        "origin": entry.origin,
        "target": entry.target,
        "description": None,
        "priority": None,
        "url_rules": [],
        "layouts": [],
        "broken": None,
    }
    try:
        extractor = registry.get(entry.name)
    except ExtractorLoadError as exc:
        info["broken"] = exc.reason
        return info
    info["description"] = extractor.description or None
    info["priority"] = extractor.priority
    info["url_rules"] = [{"host": rule.host, "path": rule.path} for rule in extractor.url_rules]
    sites = getattr(extractor, "sites", None)  # an extractor covering many sites may name them
    if isinstance(sites, (list, tuple)) and sites:
        info["sites"] = [str(site) for site in sites]
    info["layouts"] = [
        {
            "name": layout.name,
            "description": layout.description or None,
            "valid_from": layout.valid_from.isoformat() if layout.valid_from else None,
            "valid_until": layout.valid_until.isoformat() if layout.valid_until else None,
        }
        for layout in extractor.layouts
    ]
    return info


#: Beyond this many URL rules the text listing gives their count (JSON lists them all).
_RULES_SHOWN = 12


def _text(info: dict[str, Any]) -> str:
    head = f"{info['name']}  ({info['origin']})"
    if info["broken"] is not None:
        return f"{head}  BROKEN\n    cannot be loaded: {info['broken']}\n    target: {info['target']}"
    lines = [f"{head}  priority {info['priority']}"]
    if info["description"]:
        lines.append(f"    {info['description']}")
    if len(info["url_rules"]) > _RULES_SHOWN:
        hosts = ", ".join(dict.fromkeys(rule["host"] for rule in info["url_rules"]))
        lines.append(f"    url:    {len(info['url_rules'])} rules on {hosts} (--format json lists them)")
    elif info["url_rules"]:
        for rule in info["url_rules"]:
            path = f"  path ~ {rule['path']}" if rule["path"] else "  (any path)"
            lines.append(f"    url:    {rule['host']}{path}")
    else:
        lines.append("    url:    (none: chosen by name, by sniffing, or as the fallback)")
    if info.get("sites"):
        lines.append(f"    sites:  {len(info['sites'])}")
        lines.extend(f"            {site}" for site in info["sites"])
    for layout in info["layouts"]:
        period = ""
        if layout["valid_from"] or layout["valid_until"]:
            period = f"  [{layout['valid_from'] or '…'} – {layout['valid_until'] or 'now'}]"
        note = f"  {layout['description']}" if layout["description"] else ""
        lines.append(f"    layout: {layout['name']}{period}{note}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """List the extractors; returns 1 when some plugin is broken, else 0."""
    infos = [describe(entry) for entry in registry.entries()]
    if args.format == "json":
        print(json.dumps(infos, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(_text(info) for info in infos) if infos else "no extractors installed")
    broken = [info["name"] for info in infos if info["broken"] is not None]
    if broken:
        print(
            f"newsparse extractors: {len(broken)} plugin(s) could not be loaded: {', '.join(broken)}",
            file=sys.stderr,
        )
        return 1
    return 0
