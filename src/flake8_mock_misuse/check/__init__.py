"""``flake8-mock-misuse check``: the plugin's analysis without flake8 in the loop, for projects that run only ruff.

Its output on a project is the output of ``flake8 --select=MM,E9`` (``files`` finds and reads files as flake8
does, ``run`` analyses them with the plugin itself and decides suppressions as flake8 does, ``formats`` writes
text, JSON, SARIF or GitHub annotations), plus a baseline for adopting the tool on a legacy suite.
"""
