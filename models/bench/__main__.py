"""`python -m models.bench ARGS` is `python main.py bench ARGS`."""
import sys

from models.bench.run import main

sys.exit(main())
