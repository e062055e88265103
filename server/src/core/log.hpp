// One logging facility: one line per event, with a component tag. Never pass secrets here.
#pragma once
#include <string_view>

namespace mlgate::log {
enum class Level { debug, info, warn, error };
void set_level(Level level);
bool enabled(Level level);
void write(Level level, std::string_view component, std::string_view message);
inline void info(std::string_view c, std::string_view m) { write(Level::info, c, m); }
inline void warn(std::string_view c, std::string_view m) { write(Level::warn, c, m); }
inline void error(std::string_view c, std::string_view m) { write(Level::error, c, m); }
inline void debug(std::string_view c, std::string_view m) { write(Level::debug, c, m); }
}  // namespace mlgate::log
