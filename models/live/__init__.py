"""Live captions: a recording transcribed while it is being made (streaming text at once, final sentences from
the same offline pipeline a file goes through). No Qt here: the CLI and the window drive LiveSession alike."""
