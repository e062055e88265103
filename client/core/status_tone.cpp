#include "status_tone.hpp"

namespace mlgate::client {

const char* tone_name(Tone t) {
  switch (t) {
    case Tone::good: return "good";
    case Tone::warn: return "warn";
    case Tone::bad: return "bad";
    case Tone::neutral: break;
  }
  return "neutral";
}

Tone drift_tone(const std::string& status) {
  if (status == "ok") return Tone::good;
  if (status == "warn") return Tone::warn;
  if (status == "alert" || status == "drifting") return Tone::bad;
  return Tone::neutral;  // insufficient_data, no_reference, or a status this client does not know
}

Tone job_tone(const std::string& status) {
  if (status == "succeeded") return Tone::good;
  if (status == "failed") return Tone::bad;
  if (status == "queued" || status == "running") return Tone::warn;
  return Tone::neutral;
}

Tone delivery_tone(const std::string& delivery) {
  if (delivery == "delivered") return Tone::good;
  if (delivery.rfind("failed", 0) == 0) return Tone::bad;
  return Tone::neutral;
}

}  // namespace mlgate::client
