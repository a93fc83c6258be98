"""The desktop's low room: what every desktop package may import (the PySide6 workarounds, resources,
translations). It imports nothing else of desktop/."""
