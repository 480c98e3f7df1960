/* Reference for scripts/bench-capture: the plainest libpcap reader, a pcap_next_ex loop that
 * touches every packet (sums its captured length and one byte per 64 so that the data is
 * really read from the file's pages). rtpdump's summary throughput is given as a ratio to it.
 * Prints one line: "pcap-loop packets=N bytes=B checksum=C seconds=S". */
#include <pcap/pcap.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: pcap-loop FILE\n"); return 2; }
  char errbuf[PCAP_ERRBUF_SIZE];
  double start = now();
  pcap_t *handle = pcap_open_offline(argv[1], errbuf);
  if (handle == NULL) { fprintf(stderr, "pcap-loop: %s\n", errbuf); return 2; }
  struct pcap_pkthdr *header;
  const u_char *data;
  unsigned long long packets = 0, bytes = 0, checksum = 0;
  int status;
  while ((status = pcap_next_ex(handle, &header, &data)) == 1) {
    packets++;
    bytes += header->caplen;
    for (bpf_u_int32 i = 0; i < header->caplen; i += 64) checksum += data[i];
  }
  if (status == PCAP_ERROR) { fprintf(stderr, "pcap-loop: %s\n", pcap_geterr(handle)); return 2; }
  pcap_close(handle);
  printf("pcap-loop packets=%llu bytes=%llu checksum=%llu seconds=%.3f\n", packets, bytes, checksum, now() - start);
  return 0;
}
