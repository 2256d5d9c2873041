// SPDX-License-Identifier: GPL-2.0
/*
 * A library handle with no driver behind it, shared by the host suites:
 * /dev/null wrapped with a made-up driver info, so that the library's own
 * checks run and any call that passes them reaches an ioctl that fails
 * with ENOTTY (or the library's test hook, where a suite installs one).
 */
#include <fcntl.h>

#include "unit.h"
#include "../../libpagesnap/src/internal.h"

struct pagesnap *unit_fake_handle(uint64_t features, uint64_t pfn_start,
				  uint64_t pfn_end, uint64_t max_pfns,
				  unsigned int max_filters)
{
	struct pagesnap_info info;
	struct pagesnap *ps = NULL;
	int fd = open("/dev/null", O_RDONLY);

	CU_ASSERT_FATAL(fd >= 0);
	memset(&info, 0, sizeof(info));
	info.abi_version = PAGESNAP_ABI_VERSION;
	info.entry_size = sizeof(struct pagesnap_entry);
	info.features = features;
	info.pfn_start = pfn_start;
	info.pfn_end = pfn_end;
	info.max_pfns = max_pfns;
	info.page_size = 4096;
	info.max_filters = max_filters;
	CU_ASSERT_EQUAL_FATAL(pagesnap__wrap_fd(fd, &info, &ps), 0);
	return ps;
}
