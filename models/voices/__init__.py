"""Known voices: a local library of named CAM++ voices, matched against each new transcript's speakers. No Qt."""
