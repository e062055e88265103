// What colour a status is drawn in, decided here (and tested) so that the UI only maps a
// tone to a colour: drift ok green, warn amber, alert red; jobs and deliveries alike.
#pragma once
#include <string>

namespace mlgate::client {

enum class Tone { neutral, good, warn, bad };
const char* tone_name(Tone t);

// A drift row's status ("ok"|"warn"|"alert") or the report's ("ok"|"drifting"|...).
Tone drift_tone(const std::string& status);
// A job: succeeded green, failed red, queued and running amber (not finished yet).
Tone job_tone(const std::string& status);
// An alert's delivery: "delivered" green, "failed: ..." red, "" (nowhere to send) plain.
Tone delivery_tone(const std::string& delivery);

}  // namespace mlgate::client
