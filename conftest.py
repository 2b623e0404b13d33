"""pytest set-up shared by the unit tests and nbval.

Notebook kernels started by nbval inherit this process's environment, so TensorFlow's start-up
noise is switched off here too (helpers.env.quiet_startup does the rest inside the kernel).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

