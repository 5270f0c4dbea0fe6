# Initial cache for the iOS Xcode project (cmake -C ios/ios-cache.cmake).
# UNVERIFIED: no Xcode here.  Device build: arm64.  For the simulator add
# -DCMAKE_OSX_SYSROOT=iphonesimulator (and x86_64 on Intel Macs).
set(CMAKE_SYSTEM_NAME iOS CACHE STRING "")
set(CMAKE_OSX_DEPLOYMENT_TARGET 13.0 CACHE STRING "")
set(CMAKE_OSX_ARCHITECTURES arm64 CACHE STRING "")
set(CMAKE_XCODE_ATTRIBUTE_ONLY_ACTIVE_ARCH NO CACHE STRING "")
