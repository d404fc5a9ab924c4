from django.shortcuts import render

from teenlab.core.permissions import action_required


@action_required("youth.view")
def youth_list(request):
    return render(request, "participants/youth_list.html", {})
