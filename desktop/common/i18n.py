"""UI language: Qt translators for our strings (resources/translations/tingxie_<lang>.qm) and Qt's own.

Source strings are English; Simplified Chinese is the default. Strings are translated at display time
(self.tr / QCoreApplication.translate), never at import. A language change applies at the next start.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.common.resources import resources_dir

log = logging.getLogger("tingxie.i18n")

DEFAULT_LANGUAGE = "zh_CN"
# (code, name shown in its own language): names are not translated, so a user can always find theirs.
LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "简体中文"), ("en", "English"))

_installed: list[QTranslator] = []


def normalize(language: str | None) -> str:
    codes = [c for c, _ in LANGUAGES]
    if language in codes:
        return language  # type: ignore[return-value]
    if language and language.split("_")[0] == "zh":
        return "zh_CN"
    if language and language.split("_")[0] == "en":
        return "en"
    return DEFAULT_LANGUAGE


def install(app: QCoreApplication, language: str | None) -> str:
    """Install translators for `language` (replacing earlier ones); returns the language now active."""
    lang = normalize(language)
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    QLocale.setDefault(QLocale(lang))
    if lang == "en":
        return lang  # source strings are English
    ours = QTranslator(app)
    qm = resources_dir() / "translations" / f"tingxie_{lang}.qm"
    if ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("translation not found: %s", qm)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_tr = QTranslator(app)
    if qt_tr.load(f"qtbase_{lang}", qt_dir):  # standard buttons (OK, Cancel) and file dialogs
        app.installTranslator(qt_tr)
        _installed.append(qt_tr)
    return lang
