from ninja import Router

router = Router(tags=["Chấm điểm"])
