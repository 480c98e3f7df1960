// libpcap, used by the Capture module only for BPF filters (pcap_open_dead, pcap_compile,
// pcap_offline_filter) and, later, live capture. Capture files are read in Swift.
#include <pcap/pcap.h>
