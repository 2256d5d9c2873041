# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Package version: kept equal to libpagesnap's VERSION (a host test checks)."""
__version__ = "0.2.0"
