# Guest suite rel-stress: scanners under mm churn (stress.c).
# Knobs: PAGESNAP_G_REL_STRESS_SECONDS (overrides), PAGESNAP_G_REL_SCALE.
rel_begin
SECS=${PAGESNAP_G_REL_STRESS_SECONDS:-$(rel_secs 50 80)}
if [ -f /hwpoison-inject.ko ] && [ ! -d /sys/kernel/debug/hwpoison ]; then
	if insmod /hwpoison-inject.ko; then
		echo "hwpoison-inject.ko loaded (from the kernel package)"
	else
		echo "hwpoison-inject.ko does not load: hwpoison injection off"
	fi
fi
if [ -d /sys/kernel/debug/hwpoison ]; then
	rel_fig hwpoison "available"
else
	case "$(uname -r)" in
	6.1.*) why="kernel without CONFIG_MEMORY_FAILURE" ;;
	*) why="no /sys/kernel/debug/hwpoison" ;;
	esac
	rel_fig hwpoison "n/a($why)"
	echo "hwpoison injection: n/a ($why)"
fi
rel_run pagesnap-rel stress --seconds "$SECS" --scanners 3 --hwpoison-seconds "$(rel_secs 10 15)"
rel_end
