"""The documentation site: an mkdocs-material site of every programme.

``plugin`` is the mkdocs plugin that generates the programme and session pages
at build time; ``render`` is the ``site`` target of ``stagecraft build``;
``pages`` renders the Markdown through ``templates/site/``.
"""
