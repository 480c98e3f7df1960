print("sdpcheck")
