// Numbers as the monitor pane writes them; "n/a" where the server had nothing to compute
// a figure from (the default ImGui font has no dash beyond ASCII).
#pragma once
#include <optional>
#include <string>

namespace mlgate::client {

// Four significant digits: "0.9333", "12.5", "1.2e-05".
std::string format_number(std::optional<double> v);
// "8.3%".
std::string format_percent(std::optional<double> fraction);
// "1.25 ms".
std::string format_ms(std::optional<double> ms);

}  // namespace mlgate::client
