// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/* Run-time version checks, against the compile-time pagesnap_version.h. */
#include "internal.h"

/**
 * pagesnap_version_major() - major version of the library in use
 * Return: PAGESNAP_VERSION_MAJOR of the library that was built.
 */
int pagesnap_version_major(void)
{
	return PAGESNAP_VERSION_MAJOR;
}

/**
 * pagesnap_version_minor() - minor version of the library in use
 * Return: PAGESNAP_VERSION_MINOR of the library that was built.
 */
int pagesnap_version_minor(void)
{
	return PAGESNAP_VERSION_MINOR;
}

/**
 * pagesnap_check_version() - is the library at least @major.@minor?
 * @major: required major version
 * @minor: required minor version
 *
 * Return: 1 when the library in use is at least that version, else 0.
 */
int pagesnap_check_version(int major, int minor)
{
	return PAGESNAP_VERSION_MAJOR > major ||
	       (PAGESNAP_VERSION_MAJOR == major &&
		PAGESNAP_VERSION_MINOR >= minor);
}
