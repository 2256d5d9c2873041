/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGESNAP_JSON_CHECK_H
#define PAGESNAP_JSON_CHECK_H
/* 1 when @text is exactly one valid JSON document (whitespace around). */
int json_valid(const char *text);
#endif
