"""A ``selfcheck`` directive: multiple-choice questions with feedback on a static page.

Each option renders as a native HTML ``<details>`` element (via sphinx-design's
dropdown), so choosing an answer reveals whether it is right and why, with no
kernel, no JavaScript and no third-party request. Correctness is stated in words
("Correct" / "Not quite"), never by colour alone.

Usage in MyST Markdown::

    ```{selfcheck} Which factor did the partner lack?
    - text: Reputation
      correct: false
      why: Explanation shown when this option is chosen.
    - text: Stability
      correct: true
      why: Explanation, may use {cite:p}`key` and {term}`glossary terms`.
    ```

The body is YAML: a list of options, each with ``text``, ``correct`` and ``why``.
At least one option must be correct; the build fails with a message naming the
page and the problem otherwise.
"""

from __future__ import annotations

import string

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


class SelfCheckError(ValueError):
    """A selfcheck block is malformed."""


def parse_options(body: str) -> list[dict]:
    """Parse and validate the YAML body of a selfcheck block."""
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        raise SelfCheckError(f"selfcheck body is not valid YAML: {exc}") from exc
    if not isinstance(data, list) or len(data) < 2:
        raise SelfCheckError("selfcheck body must be a YAML list of at least 2 options")
    for i, opt in enumerate(data, 1):
        if not isinstance(opt, dict):
            raise SelfCheckError(f"selfcheck option {i} must be a mapping with text/correct/why")
        missing = {"text", "correct", "why"} - set(opt)
        if missing:
            raise SelfCheckError(f"selfcheck option {i} is missing {sorted(missing)}")
        if not isinstance(opt["correct"], bool):
            raise SelfCheckError(f"selfcheck option {i}: correct must be true or false")
    if not any(opt["correct"] for opt in data):
        raise SelfCheckError("selfcheck needs at least one option with correct: true")
    return data


class SelfCheckDirective(SphinxDirective):
    """Render a multiple-choice self-check with per-option feedback."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"name": lambda x: x}

    def run(self) -> list[nodes.Node]:
        try:
            options = parse_options("\n".join(self.content))
        except SelfCheckError as exc:
            raise self.error(str(exc)) from exc
        self.env.temp_data.setdefault("selfcheck_count", 0)
        self.env.temp_data["selfcheck_count"] += 1
        number = self.env.temp_data["selfcheck_count"]

        container = nodes.container(classes=["selfcheck"])
        container["ids"].append(self.options.get("name", f"selfcheck-{number}"))
        lines = [
            f"**Question {number}.** {self.arguments[0]}",
            "",
            "*Choose an answer to see the feedback.*",
            "",
        ]
        for letter, opt in zip(string.ascii_uppercase, options, strict=False):
            verdict = "✓ Correct." if opt["correct"] else "✗ Not quite."
            css = "selfcheck-correct" if opt["correct"] else "selfcheck-wrong"
            lines += [
                f"::::{{dropdown}} {letter}. {str(opt['text']).strip()}",
                f":class-container: selfcheck-option {css}",
                "",
                f"**{verdict}** {str(opt['why']).strip()}",
                "::::",
                "",
            ]
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), 0, container)
        return [container]


def setup(app):
    app.add_directive("selfcheck", SelfCheckDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
