"""The safety engine, used by both `handbook check` and every build (brief §4, §6; DESIGN "handbook/safety/").

- `engine`: runs every rule in content/rules.yaml over the content (`evaluate_content`, `content_problems`);
- `checks`: one small function per rule's `check`, registered by name; `rulebase`: findings, typed params;
- `textscan`, `oils`: word matching and oil arithmetic the checks share;
- `printed`: the same rules over what one built handbook prints, code-written text included.

Nothing is imported here, so `handbook.personalise` can use the engine without an import cycle.
"""
