// SPDX-License-Identifier: GPL-2.0
/*
 * png-pixel FILE X Y [X Y ...]: decode FILE with libpng and print
 * "R G B" of each pixel asked for, or "WxH" with no coordinates.  For
 * the 'map' guest test, where there is no Python to read a PNG.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	png_image img = { .version = PNG_IMAGE_VERSION };
	unsigned char *px;
	long x, y;
	int i;

	if (argc < 2 || argc % 2) {
		fprintf(stderr, "usage: png-pixel FILE [X Y]...\n");
		return 2;
	}
	if (!png_image_begin_read_from_file(&img, argv[1])) {
		fprintf(stderr, "png-pixel: %s: %s\n", argv[1], img.message);
		return 1;
	}
	img.format = PNG_FORMAT_RGB;
	px = malloc(PNG_IMAGE_SIZE(img));
	if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
		fprintf(stderr, "png-pixel: %s: %s\n", argv[1], img.message);
		return 1;
	}
	if (argc == 2)
		printf("%ux%u\n", img.width, img.height);
	for (i = 2; i + 1 < argc; i += 2) {
		x = atol(argv[i]);
		y = atol(argv[i + 1]);
		if (x < 0 || y < 0 || x >= img.width || y >= img.height) {
			fprintf(stderr, "png-pixel: %ld,%ld outside %ux%u\n", x,
				y, img.width, img.height);
			return 1;
		}
		printf("%u %u %u\n", px[(y * img.width + x) * 3],
		       px[(y * img.width + x) * 3 + 1],
		       px[(y * img.width + x) * 3 + 2]);
	}
	free(px);
	return 0;
}
