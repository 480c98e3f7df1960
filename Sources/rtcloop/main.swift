print("rtcloop")
