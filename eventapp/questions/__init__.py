"""The organiser's own sign-up questions: types, ready-made sets, answers and where they go.

`services` holds the rules (back office changes, storing answers, who sees what);
`kinds` reads and checks one answer by its question's type; `sets` and `places` load the
data files in `sets/` and `data/`. Views live with the blueprints that show them.
"""
