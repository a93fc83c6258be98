"""Known voices in the window: the editor's voice bar and actions, and the Voices manager dialog."""
