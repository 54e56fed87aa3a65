print("the valid module still runs")
