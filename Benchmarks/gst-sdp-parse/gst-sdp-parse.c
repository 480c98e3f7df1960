/* Reference for scripts/bench: GStreamer's C SDP parser (gst_sdp_message_parse_buffer)
 * over the same files, in memory, repeated until at least --min-files parses were done.
 * Prints one line: "gst files=N bytes=B seconds=S files_per_second=F". */
#include <gst/sdp/sdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { guint8 *data; gsize size; } Input;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  long min_files = 10000;
  int first = 1;
  if (argc > 2 && strcmp(argv[1], "--min-files") == 0) { min_files = atol(argv[2]); first = 3; }
  int count = argc - first;
  if (count <= 0) { fprintf(stderr, "usage: gst-sdp-parse [--min-files N] FILE...\n"); return 2; }
  Input *inputs = calloc(count, sizeof(Input));
  for (int i = 0; i < count; i++) {
    GError *error = NULL;
    if (!g_file_get_contents(argv[first + i], (gchar **)&inputs[i].data, &inputs[i].size, &error)) {
      fprintf(stderr, "%s: %s\n", argv[first + i], error->message);
      return 2;
    }
  }
  long rounds = (min_files + count - 1) / count;
  long parsed = 0, failed = 0;
  gsize bytes = 0;
  /* One warm-up round so that both sides are measured warm. */
  for (int i = 0; i < count; i++) {
    GstSDPMessage *msg; gst_sdp_message_new(&msg);
    gst_sdp_message_parse_buffer(inputs[i].data, inputs[i].size, msg);
    gst_sdp_message_free(msg);
  }
  double start = now();
  for (long r = 0; r < rounds; r++) {
    for (int i = 0; i < count; i++) {
      GstSDPMessage *msg;
      gst_sdp_message_new(&msg);
      if (gst_sdp_message_parse_buffer(inputs[i].data, inputs[i].size, msg) != GST_SDP_OK) failed++;
      /* Touch the result so the parse cannot be optimised away. */
      bytes += inputs[i].size + gst_sdp_message_medias_len(msg);
      gst_sdp_message_free(msg);
      parsed++;
    }
  }
  double seconds = now() - start;
  printf("gst files=%ld bytes=%zu seconds=%.6f files_per_second=%.0f failed=%ld\n",
         parsed, bytes, seconds, parsed / seconds, failed);
  return 0;
}
