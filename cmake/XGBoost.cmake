# Debian's libxgboost-dev (1.7.4) as one imported target. Its own package config cannot be
# used: XGBoostTargets.cmake also exports the `xgboost` command-line tool, which lives in
# another package (`xgboost`), and fails the configure when that file is absent.
find_path(MLGATE_XGBOOST_INCLUDE xgboost/c_api.h)
find_library(MLGATE_XGBOOST_LIBRARY NAMES xgboost)
if(NOT MLGATE_XGBOOST_INCLUDE OR NOT MLGATE_XGBOOST_LIBRARY)
  message(FATAL_ERROR "XGBoost not found: install Debian's libxgboost-dev (scripts/bootstrap.sh does)")
endif()
add_library(xgboost::c_api SHARED IMPORTED GLOBAL)
set_target_properties(xgboost::c_api PROPERTIES
  IMPORTED_LOCATION "${MLGATE_XGBOOST_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${MLGATE_XGBOOST_INCLUDE}")
